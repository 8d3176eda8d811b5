"""Where repository jobs run: a local pool (the default) or a Dask distributed cluster.

Both run the same function, `job.run_isolated`, which starts each repository's job as its
own process group; an executor only decides how many run at once and on which machine.
Outcomes come back to the coordinating process as they finish, whichever executor ran them.
"""

from __future__ import annotations

import importlib
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from typing import Any, Protocol

from gocodemod.batch.job import JobOutcome, JobSpec, OnProgress, kill_running, run_isolated

OnStart = Callable[[JobSpec], None]
NO_PROGRESS: OnProgress = lambda _name, _stage, _done, _total: None  # noqa: E731


class Executor(Protocol):
    name: str

    def run(
        self, specs: Sequence[JobSpec], on_start: OnStart, on_progress: OnProgress = NO_PROGRESS
    ) -> Iterator[JobOutcome]:
        """Yield each job's outcome as it finishes (any order)."""
        ...

    def close(self) -> None: ...


class LocalExecutor:
    """At most `jobs` repository processes at once on this machine.

    Each job already is a process of its own (see job.py), so a thread per slot is enough to
    start it and wait for it: the pool's threads do no work but waiting.
    """

    name = "local"

    def __init__(self, jobs: int) -> None:
        self.pool = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="batch-job")

    def run(
        self, specs: Sequence[JobSpec], on_start: OnStart, on_progress: OnProgress = NO_PROGRESS
    ) -> Iterator[JobOutcome]:
        cancelled = threading.Event()

        def start(spec: JobSpec) -> JobOutcome:
            on_start(spec)
            return run_isolated(spec, on_progress, cancelled)

        futures: list[Future[JobOutcome]] = [self.pool.submit(start, spec) for spec in specs]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            # Interrupted (Ctrl-C, or the caller stopped): queued jobs never start and the
            # running ones are killed, so nothing outlives the batch.
            cancelled.set()
            for future in futures:
                future.cancel()
            kill_running()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _distributed() -> Any:
    """dask.distributed, imported only when asked for (the `batch` extra; untyped)."""
    return importlib.import_module("distributed")


class DaskExecutor:
    """The same jobs on a Dask distributed cluster: `scheduler` address, else a LocalCluster
    of `jobs` single-threaded worker processes on this machine.

    Workers must see the repositories and --out at the same paths as this machine (a shared
    file system) and have gocodemod installed.
    """

    name = "dask"

    def __init__(self, jobs: int, scheduler: str | None = None) -> None:
        self.cluster: Any = None
        self.client: Any
        if scheduler:
            self.client = _distributed().Client(scheduler)
        else:
            self.cluster = _distributed().LocalCluster(
                n_workers=max(1, jobs),
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,  # no web server: nothing listens beyond the scheduler
                host="127.0.0.1",
            )
            self.client = _distributed().Client(self.cluster)

    def run(
        self, specs: Sequence[JobSpec], on_start: OnStart, on_progress: OnProgress = NO_PROGRESS
    ) -> Iterator[JobOutcome]:
        # A job on a remote worker cannot call back here: only its start and end are shown.
        futures = []
        for spec in specs:
            # The cluster decides when a job starts; it is shown as started when submitted.
            on_start(spec)
            key = f"gocodemod-{spec.name}-{uuid.uuid4().hex[:8]}"  # unique on a shared cluster
            futures.append(self.client.submit(run_isolated, spec, pure=False, key=key))
        try:
            for future in _distributed().as_completed(futures):
                yield future.result()
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str, jobs: int, scheduler: str | None = None) -> Executor:
    if kind == "local":
        if scheduler:
            raise ValueError("--scheduler needs --executor dask")
        return LocalExecutor(jobs)
    if kind == "dask":
        return DaskExecutor(jobs, scheduler)
    raise ValueError(f"--executor must be local or dask, not {kind!r}")
