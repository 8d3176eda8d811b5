"""One repository's job: the rewrite pipeline in its own process, scratch dir and HOME.

`run_isolated(spec)` is what an executor calls. It starts a fresh Python process
(`python -m gocodemod.batch.job`) in a new session, so that on the wall-clock timeout the
whole process group — the job and every `go` command and test binary it started — is
killed at once, with every descendant that started a session of its own (see reaper.py).
The job process writes only:

- `<name>.patch`, `<name>.json` and `<name>.bench/` under --out,
- the repository itself, and only under --apply,
- its private scratch directory (HOME, TMPDIR, GOPATH live there; removed afterwards),
- the shared Go build cache (content-addressed, so concurrent jobs can share it safely).

Go commands run offline (`GOPROXY=off`, `GOTOOLCHAIN=local`), never with `-mod=mod`, and
without the user's `go env -w` settings (`GOENV=off`). The job reports its outcome as a
JSON file in the scratch directory; the coordinating process alone writes the database.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import site
import stat
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gocodemod.batch import outputs, reaper
from gocodemod.batch.evidence import evidence_rows, failure_reason, tally
from gocodemod.gotool import GoNotFound

OK, FAILED = "ok", "failed"
OnProgress = Callable[[str, str, int, int], None]
"""(repository name, stage, done, total): what a running job last said it was doing."""
POLL = 0.3
"""Seconds between looks at a running job's progress file."""
KILL_GRACE = 5.0
"""Seconds the job itself waits past its timeout before killing its own group (in case
the process that was meant to kill it is gone)."""


@dataclass(frozen=True)
class JobSpec:
    """Everything a job needs, as plain JSON values (it crosses process and host borders)."""

    name: str
    path: str
    out: str
    transforms: list[str] | None = None
    verify: bool = False
    apply: bool = False
    timeout: float = 1800.0
    gocache: str | None = None
    analysis_jobs: int = 1
    verify_count: int | None = None
    verify_benchtime: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobSpec:
        return cls(**data)


@dataclass
class JobOutcome:
    name: str
    path: str
    status: str
    reason: str = ""
    seconds: float = 0.0
    rewrites: list[dict[str, Any]] = field(default_factory=list)
    """One row per proposed rewrite, as `rewrite --json` prints it (paths relative to the
    repository), with `benchmarks` evidence under --verify."""
    errors: list[dict[str, str]] = field(default_factory=list)
    patch: str | None = None
    """File name of the patch under --out (None: nothing to change)."""
    bench_files: list[str] = field(default_factory=list)
    """Raw benchmark output files, relative to --out."""
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == FAILED

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobOutcome:
        return cls(**data)

    @classmethod
    def failure(cls, spec: JobSpec, reason: str, seconds: float = 0.0) -> JobOutcome:
        return cls(spec.name, spec.path, FAILED, reason=reason, seconds=seconds)


# --- the coordinating side -------------------------------------------------------------

_live: set[subprocess.Popen[bytes]] = set()
_live_lock = threading.Lock()


def kill_running() -> None:
    """Kill every job process group this process started and that is still running
    (an interrupted batch must not leave jobs behind: they run in their own sessions,
    so Ctrl-C does not reach them)."""
    with _live_lock:
        for proc in list(_live):
            reaper.kill_tree(proc.pid)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def shared_gocache() -> str | None:
    """The build cache every job shares: the user's own (GOCACHE or the go default).

    Asked once by the coordinator, before HOME is swapped for a job's private one.
    """
    from gocodemod.gotool import run_go

    try:
        result = run_go(["env", "GOCACHE"], Path.cwd(), timeout=60)
    except (GoNotFound, OSError):
        return None
    cache = result.stdout.strip()
    return cache if result.ok and cache and cache != "off" else None


def without_mod_mod(goflags: str) -> str:
    """GOFLAGS with any `-mod=mod` dropped: it would rewrite the repository's go.mod."""
    return " ".join(f for f in goflags.split() if f.lstrip("-") != "mod=mod")


def job_environment(spec: JobSpec, scratch: Path) -> dict[str, str]:
    home, tmp = scratch / "home", scratch / "tmp"
    for folder in (home, tmp):
        folder.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "HOME": str(home),
            "TMPDIR": str(tmp),
            "TMP": str(tmp),
            "TEMP": str(tmp),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "GOPATH": str(scratch / "gopath"),
            "GOMODCACHE": str(scratch / "gopath" / "pkg" / "mod"),
            "GOCACHE": spec.gocache or str(scratch / "gocache"),
            "GOENV": "off",
            "GOPROXY": "off",
            "GOSUMDB": "off",
            "GOTOOLCHAIN": "local",
            "GOFLAGS": without_mod_mod(os.environ.get("GOFLAGS", "")),
            # A user-site install of gocodemod must stay importable with the new HOME.
            "PYTHONUSERBASE": os.environ.get("PYTHONUSERBASE", site.getuserbase()),
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    return env


def run_isolated(
    spec: JobSpec,
    on_progress: OnProgress | None = None,
    cancelled: threading.Event | None = None,
) -> JobOutcome:
    """Run one repository's job in its own process group; never raises for the job's sake.

    `on_progress` hears the stage the job reports (analysing, gate, coverage, measure) as
    it goes, read from a small file the job rewrites in its scratch directory. Once
    `cancelled` is set (the batch was interrupted) no new job process starts.
    """
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix=f"gocodemod-{spec.name}-"))
    try:
        outcome = _run_in(scratch, spec, started, on_progress, cancelled)
        if outcome.failed and outcome.reason.startswith(_UNFINISHED):
            _record_unfinished(spec, outcome)
        return outcome
    finally:
        _remove_scratch(scratch)


_UNFINISHED = ("timed out", "job killed", "job crashed", "interrupted")


def _record_unfinished(spec: JobSpec, outcome: JobOutcome) -> None:
    """A job that did not finish wrote no evidence of its own: say why in `<name>.json`,
    and drop a patch it may have written just before it was stopped."""
    out = Path(spec.out)
    with contextlib.suppress(OSError):
        outputs.remove(outputs.patch_path(out, spec.name))
        _finish(spec, outcome, outputs.evidence_path(out, spec.name))


def _run_in(
    scratch: Path,
    spec: JobSpec,
    started: float,
    on_progress: OnProgress | None,
    cancelled: threading.Event | None,
) -> JobOutcome:
    spec_file, result_file, log_file, progress_file = (
        scratch / "spec.json",
        scratch / "result.json",
        scratch / "job.log",
        scratch / "progress",
    )
    spec_file.write_text(json.dumps(spec.to_json()), encoding="utf-8")
    with log_file.open("wb") as log:
        # Started under the lock that kill_running takes, so an interrupt either sees
        # this process and kills it, or comes first and it never starts.
        with _live_lock:
            if cancelled is not None and cancelled.is_set():
                return JobOutcome.failure(spec, "interrupted before it started")
            proc = subprocess.Popen(
                [
                    sys.executable, "-m", "gocodemod.batch.job",
                    str(spec_file), str(result_file), str(progress_file),
                ],
                cwd=scratch,
                env=job_environment(spec, scratch),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            _live.add(proc)
        try:
            _wait(proc, spec, started, progress_file, on_progress)
        except subprocess.TimeoutExpired:
            reaper.kill_tree(proc.pid)
            proc.wait()
            return JobOutcome.failure(
                spec, f"timed out after {spec.timeout:g}s", time.monotonic() - started
            )
        finally:
            _kill_group(proc.pid)  # whatever the job left running dies with it
            with _live_lock:
                _live.discard(proc)
    seconds = time.monotonic() - started
    if result_file.is_file():
        outcome = JobOutcome.from_json(json.loads(result_file.read_text(encoding="utf-8")))
        outcome.seconds = seconds
        return outcome
    return JobOutcome.failure(spec, _crash_reason(proc.returncode, log_file), seconds)


def _wait(
    proc: subprocess.Popen[bytes],
    spec: JobSpec,
    started: float,
    progress_file: Path,
    on_progress: OnProgress | None,
) -> None:
    """Wait for the job until its deadline (raising TimeoutExpired), passing on progress."""
    deadline = started + spec.timeout
    last = ""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            raise subprocess.TimeoutExpired(proc.args, spec.timeout)
        try:
            proc.wait(timeout=min(left, POLL) if on_progress else left)
            return
        except subprocess.TimeoutExpired:
            pass
        if on_progress is None:
            continue
        with contextlib.suppress(OSError):
            said = progress_file.read_text(encoding="utf-8")
            if said != last and said.count(" ") == 2:
                last = said
                stage, done, total = said.split(" ")
                on_progress(spec.name, stage, int(done), int(total))


def _crash_reason(returncode: int, log_file: Path) -> str:
    if returncode < 0:
        return f"job killed by signal {-returncode}"
    lines = [line for line in log_file.read_text("utf-8", "replace").splitlines() if line.strip()]
    last = lines[-1].strip() if lines else "no output"
    return f"job crashed (exit {returncode}): {last}"


def _remove_scratch(scratch: Path) -> None:
    def make_writable_and_retry(func: Callable[..., Any], path: str, _exc: Any) -> None:
        # The Go module cache is read-only by design; a job may leave one in its GOPATH.
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(path), stat.S_IRWXU)
            os.chmod(path, stat.S_IRWXU)
            func(path)

    if sys.version_info >= (3, 12):
        shutil.rmtree(scratch, onexc=make_writable_and_retry)
    else:
        shutil.rmtree(scratch, onerror=make_writable_and_retry)


# --- the job process ---------------------------------------------------------------------


def _watchdog(deadline: float) -> None:
    """Kill this job's whole group past its deadline, or as soon as its parent is gone: a
    job must never outlive the batch that started it."""
    parent = os.getppid()
    while True:
        time.sleep(0.5)
        if time.monotonic() > deadline or os.getppid() != parent:
            reaper.kill_own_descendants()
            _kill_group(os.getpgid(0))


def _progress_writer(progress_file: Path | None) -> Callable[[str, int, int], None]:
    def say(stage: str, done: int, total: int) -> None:
        if progress_file is None:
            return
        # Replaced whole, so the coordinator never reads half a line.
        tmp = progress_file.with_suffix(".tmp")
        with contextlib.suppress(OSError):
            tmp.write_text(f"{stage} {done} {total}", encoding="utf-8")
            os.replace(tmp, progress_file)

    return say


def execute(spec: JobSpec, progress_file: Path | None = None) -> JobOutcome:
    """The job itself (in the job process): pipeline, then the per-repository outputs."""
    from gocodemod.pipeline import run_rewrite
    from gocodemod.registry import UnknownTransform
    from gocodemod.verify.model import VerifyOptions

    out, repo = Path(spec.out), Path(spec.path)
    patch_file = outputs.patch_path(out, spec.name)
    evidence_file = outputs.evidence_path(out, spec.name)
    bench = outputs.bench_dir(out, spec.name)
    for stale in (patch_file, evidence_file, bench):
        outputs.remove(stale)
    if not repo.is_dir():
        return _finish(spec, JobOutcome.failure(spec, "no such directory"), evidence_file)

    verify = None
    if spec.verify:
        options: dict[str, Any] = {
            "bench_out": outputs.fresh_dir(bench),
            "bench_lock_dir": out / outputs.BENCH_LOCKS,
            "jobs": spec.analysis_jobs,
            # Half the job's time for any one go command or benchmark run: a hung test is
            # then reported by verification as what it is, before the job as a whole is
            # killed for its timeout.
            "timeout": min(VerifyOptions.timeout, spec.timeout / 2),
        }
        if spec.verify_count is not None:
            options["count"] = spec.verify_count
        if spec.verify_benchtime is not None:
            options["benchtime"] = spec.verify_benchtime
        verify = VerifyOptions(**options)
    try:
        say = _progress_writer(progress_file)
        run = run_rewrite(
            [repo],
            spec.transforms,
            verify=verify,
            apply=spec.apply,
            jobs=spec.analysis_jobs,
            on_analysed=lambda done, total: say("analysing", done, total),
            on_verify_progress=say,
        )
    except UnknownTransform as exc:
        return _finish(spec, JobOutcome.failure(spec, str(exc)), evidence_file)

    outcome = JobOutcome(spec.name, spec.path, OK)
    outcome.rewrites = evidence_rows(run, repo)
    outcome.errors = [
        {"file": _relative(e.path, repo), "reason": e.reason} for e in run.errors
    ] + [{"file": "", "reason": e} for e in (run.report.errors if run.report else [])]
    outcome.counts = tally(outcome.rewrites, verified=spec.verify)
    reason = failure_reason(run, repo)
    if reason:
        outcome.status, outcome.reason = FAILED, reason
    diff = run.diff(root=repo)
    if diff:
        outputs.write_atomic(patch_file, diff.encode("utf-8"))
        outcome.patch = patch_file.name
    if run.report is not None:
        outcome.bench_files = [
            str(Path(f).resolve().relative_to(out.resolve()))
            for f in run.report.bench_files
            if Path(f).resolve().is_relative_to(out.resolve())
        ]
    return _finish(spec, outcome, evidence_file)


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _finish(spec: JobSpec, outcome: JobOutcome, evidence_file: Path) -> JobOutcome:
    """`<name>.json`: the repository, its status, and the same evidence `rewrite --json`
    gives (rewrites and errors)."""
    payload = {
        "repository": {
            "name": spec.name,
            "path": spec.path,
            "status": outcome.status,
            "reason": outcome.reason,
            "patch": outcome.patch,
            "bench_files": outcome.bench_files,
            "transforms": spec.transforms,
            "verify": spec.verify,
            "apply": spec.apply,
        },
        "rewrites": outcome.rewrites,
        "errors": outcome.errors,
    }
    outputs.write_atomic(evidence_file, (json.dumps(payload, indent=2) + "\n").encode("utf-8"))
    return outcome


def main(argv: list[str]) -> int:
    spec_file, result_file = Path(argv[0]), Path(argv[1])
    progress_file = Path(argv[2]) if len(argv) > 2 else None
    spec = JobSpec.from_json(json.loads(spec_file.read_text(encoding="utf-8")))
    deadline = time.monotonic() + spec.timeout + KILL_GRACE
    threading.Thread(target=_watchdog, args=(deadline,), daemon=True).start()
    try:
        outcome = execute(spec, progress_file)
    except Exception as exc:  # recorded as this repository's failure; the batch goes on
        traceback.print_exc()
        outcome = JobOutcome.failure(spec, f"internal error: {type(exc).__name__}: {exc}")
    finally:
        reaper.kill_own_descendants()
    result_file.write_text(json.dumps(outcome.to_json()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
