"""The coordinating process of `gocodemod batch`: plan, run the jobs, record, summarise.

It alone writes results.sqlite, recording each repository as its outcome arrives, and
rebuilds the summary at the end — also when the batch is interrupted, so the summary always
describes what the database holds.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from gocodemod.batch import outputs
from gocodemod.batch.executor import NO_PROGRESS, make_executor
from gocodemod.batch.job import JobOutcome, JobSpec, OnProgress, shared_gocache
from gocodemod.batch.report import write_report
from gocodemod.batch.repos import Repository, read_repositories
from gocodemod.batch.store import Store, options_key
from gocodemod.batch.summary import Summary
from gocodemod.registry import select

DEFAULT_TIMEOUT = 1800.0


@dataclass(frozen=True)
class BatchOptions:
    transforms: list[str] | None = None
    verify: bool = False
    apply: bool = False
    jobs: int = 1
    timeout: float = DEFAULT_TIMEOUT
    """Wall-clock seconds for one repository's whole job."""
    executor: str = "local"
    scheduler: str | None = None
    rerun: bool = False
    verify_count: int | None = None
    verify_benchtime: str | None = None


@dataclass
class BatchEvents:
    """What a display wants to hear about; every callback is optional."""

    on_plan: Callable[[list[Repository], list[Repository]], None] | None = None
    """(to run, skipped as already done)"""
    on_start: Callable[[JobSpec], None] | None = None
    on_progress: OnProgress | None = None
    """(name, stage, done, total) from a running job (local executor only)."""
    on_done: Callable[[JobOutcome], None] | None = None


@dataclass
class BatchResult:
    run_id: int
    repositories: list[Repository]
    skipped: list[Repository] = field(default_factory=list)
    outcomes: list[JobOutcome] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(name, reason) of every listed repository whose recorded result is a failure, this
    run's or an earlier one's."""
    summary: Summary | None = None


def analysis_jobs(jobs: int) -> int:
    """Processes each job may use for analysis: the cores shared out between the jobs."""
    return max(1, (os.cpu_count() or 1) // max(1, jobs))


def run_batch(
    source: Path, out: Path, options: BatchOptions, events: BatchEvents | None = None
) -> BatchResult:
    """Raises RepositoryListError or UnknownTransform (usage errors) before any job runs."""
    events = events or BatchEvents()
    repositories = read_repositories(source)
    select(options.transforms)  # an unknown transform is a usage error, not N failures
    out.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    key = options_key(options.transforms, options.verify, options.apply)

    with Store(out / outputs.DATABASE) as store:
        todo = [
            r
            for r in repositories
            if options.rerun or not store.is_done(r.name, str(r.path), key)
        ]
        skipped = [r for r in repositories if r not in todo]
        if events.on_plan:
            events.on_plan(todo, skipped)
        recorded = {k: v for k, v in asdict(options).items() if k != "scheduler"}
        run_id = store.start_run(str(source.resolve()), recorded, len(repositories))
        result = BatchResult(run_id, repositories, skipped)

        gocache = shared_gocache() if options.verify and todo else None
        if options.verify:
            (out / outputs.BENCH_LOCKS).mkdir(exist_ok=True)
        specs = [
            JobSpec(
                name=r.name,
                path=str(r.path),
                out=str(out),
                transforms=options.transforms,
                verify=options.verify,
                apply=options.apply,
                timeout=options.timeout,
                gocache=gocache,
                analysis_jobs=analysis_jobs(options.jobs),
                verify_count=options.verify_count,
                verify_benchtime=options.verify_benchtime,
            )
            for r in todo
        ]
        status = "interrupted"
        try:
            if specs:
                executor = make_executor(options.executor, options.jobs, options.scheduler)
                try:
                    for outcome in executor.run(
                        specs,
                        events.on_start or (lambda _spec: None),
                        events.on_progress or NO_PROGRESS,
                    ):
                        store.record(run_id, outcome, key)
                        result.outcomes.append(outcome)
                        if events.on_done:
                            events.on_done(outcome)
                finally:
                    executor.close()
            status = "finished"
        finally:
            store.finish_run(run_id, status)
            result.summary = write_report(out, store)
        for repo in repositories:
            recorded_status = store.status(repo.name)
            if recorded_status and recorded_status[0] == "failed":
                result.failed.append((repo.name, recorded_status[1]))
    return result
