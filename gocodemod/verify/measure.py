"""Timing: baseline (A) and candidate (B) test binaries run alternately, A B A B ...

Both binaries are compiled once (see gate.build); each round runs A then B with exactly the
covering benchmarks (`-test.run='^$' -test.bench=<anchored> -test.benchmem
-test.benchtime=D`), so drift in the machine's speed hits both sides alike. Each run yields
one sample per benchmark. Runs happen one at a time, each inside a timing slot
(benchlock), and each with a timeout: a hanging benchmark is killed and named, and the
caller decides what that means for the rewrite.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from gocodemod.verify import benchfmt
from gocodemod.verify.benchlock import timing_slot
from gocodemod.verify.decide import BenchmarkRuns, Sample
from gocodemod.verify.gate import test_failure
from gocodemod.verify.process import Finished, Processes


class Side(StrEnum):
    BASELINE = "baseline"
    CANDIDATE = "candidate"


@dataclass
class Measurement:
    runs: dict[str, BenchmarkRuns] = field(default_factory=dict)
    """By benchmark name as reported (sub-benchmarks included), GOMAXPROCS suffix dropped."""
    outputs: dict[Side, list[str]] = field(
        default_factory=lambda: {Side.BASELINE: [], Side.CANDIDATE: []}
    )
    """Raw stdout of every run, per side: what benchstat reads."""
    hung: str | None = None
    """The top-level benchmark that did not finish within the timeout."""
    failed: str | None = None
    """A benchmark that failed (b.Fatal, panic, non-zero exit): `Name: first error`."""
    side: Side | None = None
    """Which side hung or failed."""


def gomaxprocs() -> int:
    """The GOMAXPROCS benchmarks run with: the user's setting, else the usable cores."""
    configured = os.environ.get("GOMAXPROCS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0))


def _running_when_killed(output: str, benchmarks: list[str], procs: int) -> str:
    """The benchmark a killed run was in: Go prints a benchmark's name before running it,
    so the last name without a result on its line is the one that hung."""
    for line in reversed(output.splitlines()):
        if line.startswith("Benchmark") and benchfmt.parse_line(line) is None:
            name = benchfmt.strip_procs(line.split()[0], procs).split("/")[0]
            if name in benchmarks:
                return name
    finished = {benchfmt.strip_procs(r.name, procs).split("/")[0] for r in benchfmt.parse(output)}
    remaining = [b for b in benchmarks if b not in finished] or benchmarks
    return " or ".join(remaining)


def measure(
    procs: Processes,
    binaries: dict[Side, Path],
    benchmarks: list[str],
    cwd: Path,
    *,
    count: int,
    benchtime: str,
    timeout: float,
    lock_dir: Path | None = None,
) -> Measurement:
    """`count` rounds of A then B over `benchmarks` (top-level names); stops at a failure."""
    measurement = Measurement()
    cores = gomaxprocs()
    argv_tail = [
        "-test.run=^$",
        f"-test.bench={benchfmt.anchored(benchmarks)}",
        "-test.benchmem",
        f"-test.benchtime={benchtime}",
    ]
    for _ in range(count):
        for side in (Side.BASELINE, Side.CANDIDATE):
            with timing_slot(lock_dir):
                ran = procs.run(
                    [str(binaries[side]), *argv_tail],
                    cwd,
                    timeout=timeout,
                    env={"GOMAXPROCS": str(cores)},
                )
            if not _record(measurement, side, ran, benchmarks, cores):
                return measurement
    return measurement


def _record(
    measurement: Measurement, side: Side, ran: Finished, benchmarks: list[str], cores: int
) -> bool:
    """Add one run's samples; False (with the reason set) when the run did not succeed."""
    if ran.timed_out:
        measurement.hung = _running_when_killed(ran.stdout, benchmarks, cores)
        measurement.side = side
        return False
    if not ran.ok:
        measurement.failed = test_failure(ran)
        measurement.side = side
        return False
    measurement.outputs[side].append(ran.stdout)
    for result in benchfmt.parse(ran.stdout):
        name = benchfmt.strip_procs(result.name, cores)
        runs = measurement.runs.setdefault(name, BenchmarkRuns(name))
        sample = Sample(result.ns_per_op or 0.0, result.bytes_per_op, result.allocs_per_op)
        (runs.before if side is Side.BASELINE else runs.after).append(sample)
    return True
