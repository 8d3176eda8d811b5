"""Running go commands and test binaries for verification: timed, killable, accounted.

Verification spends nearly all its time in child processes, so this module is the one place
they are started. It gives every child

- a timeout that kills the child's whole process group (a test binary may start its own
  children; a hanging benchmark must not outlive its verdict),
- a clean end on Ctrl-C: children run in their own session so a terminal's SIGINT does not
  reach them half-way, and `Processes.stop()` kills every one still running (and refuses
  to start more) before the interrupt propagates,
- its wall time, summed in `CLOCK`, so the speed script can tell time spent inside `go` and
  the test binaries from time spent in Python.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gocodemod.gotool import go_binary, go_env


@dataclass(frozen=True)
class Finished:
    """One child process run to its end (or killed at its timeout)."""

    argv: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out


class ProcessClock:
    """Sum of the wall time of every child process, and how many ran (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.seconds = 0.0
        self.runs = 0

    def add(self, seconds: float) -> None:
        with self._lock:
            self.seconds += seconds
            self.runs += 1

    def reset(self) -> None:
        with self._lock:
            self.seconds = 0.0
            self.runs = 0


CLOCK = ProcessClock()


class Interrupted(RuntimeError):
    """A run was asked to start after its Processes was stopped."""


def _kill_group(proc: subprocess.Popen[str]) -> None:
    # The child leads its own process group (start_new_session), so this reaches its
    # children too; a group already gone is not an error.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _text(value: str | bytes | None) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value or ""


class Processes:
    """The children of one verification run: started, timed, and stopped together."""

    def __init__(self, clock: ProcessClock = CLOCK) -> None:
        self.clock = clock
        self._live: set[subprocess.Popen[str]] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()

    def stop(self) -> None:
        """Kill every child still running and refuse to start more (on an interrupt)."""
        self._stopped.set()
        with self._lock:
            live = list(self._live)
        for proc in live:
            _kill_group(proc)

    def run(
        self,
        argv: Sequence[str],
        cwd: Path,
        *,
        timeout: float,
        env: Mapping[str, str] | None = None,
    ) -> Finished:
        """Run `argv` in `cwd` with the offline go environment; never raises on failure.

        A child still running after `timeout` seconds is killed with its process group and
        reported with `timed_out=True`. Raises Interrupted once `stop()` was called.
        """
        started = time.perf_counter()
        with self._lock:
            if self._stopped.is_set():
                raise Interrupted("verification was stopped")
            proc = subprocess.Popen(
                list(argv),
                cwd=cwd,
                env=go_env(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                start_new_session=True,
            )
            self._live.add(proc)
        timed_out = False
        try:
            try:
                stdout, stderr = proc.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                _kill_group(proc)
                stdout, stderr = proc.communicate()
        except BaseException:
            # KeyboardInterrupt included: no child may outlive the run that started it.
            _kill_group(proc)
            proc.wait()
            raise
        finally:
            with self._lock:
                self._live.discard(proc)
            self.clock.add(time.perf_counter() - started)
        if self._stopped.is_set():
            raise Interrupted("verification was stopped")
        return Finished(
            tuple(argv),
            proc.returncode,
            _text(stdout),
            _text(stderr),
            time.perf_counter() - started,
            timed_out,
        )

    def go(self, args: Sequence[str], cwd: Path, *, timeout: float) -> Finished:
        """`go ARGS` with the real toolchain binary (not a wrapper script on PATH)."""
        return self.run([str(go_binary()), *args], cwd, timeout=timeout)


def first_error(result: Finished, skip: tuple[str, ...] = ()) -> str:
    """The first informative output line, for a one-line verdict reason."""
    if result.timed_out:
        return f"timed out after {result.seconds:.0f}s"
    noise = ("#", "FAIL", "ok ", "PASS", "exit status", *skip)
    for line in (result.stderr + "\n" + result.stdout).splitlines():
        line = line.strip()
        if line and not line.startswith(noise):
            return line
    return f"{Path(result.argv[0]).name} exited with {result.returncode}"
