"""The values verification produces: verdicts and per-benchmark evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from gocodemod.model import Rewrite


class VerdictKind(StrEnum):
    PROPOSED = "proposed"  # a plain run: nothing was verified
    KEPT = "kept"
    REJECTED = "rejected"  # reason: no-alloc-change, slower, combined-failure, ...
    DOES_NOT_BUILD = "does-not-build"
    BREAKS_TESTS = "breaks-tests"
    UNVERIFIED = "unverified"  # no benchmark executes the rewritten lines
    ERROR = "error"  # the measurement itself failed (timeout, crash): reason says how


@dataclass(frozen=True)
class BenchmarkEvidence:
    name: str
    allocs_before: float
    allocs_after: float
    bytes_before: float
    bytes_after: float
    ns_before: float
    ns_after: float
    p_value: float | None
    """The smallest corrected p-value that decided this benchmark (None: compared exactly)."""
    ns_p_value: float | None = None
    """Two-sided U-test p-value of the ns/op change, uncorrected, as benchstat shows it
    (None: not testable). Whether it counts as `slower` is decided with the corrected
    one-sided test against --max-slowdown; a `slower` verdict's reason gives that p."""


@dataclass(frozen=True)
class Verdict:
    rewrite: Rewrite
    kind: VerdictKind
    reason: str
    benchmarks: tuple[BenchmarkEvidence, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "transform": self.rewrite.transform,
            "file": str(self.rewrite.path),
            "line": self.rewrite.line,
            "function": self.rewrite.function,
            "verdict": self.kind.value,
            "reason": self.reason,
            "benchmarks": [asdict(b) for b in self.benchmarks],
        }


@dataclass(frozen=True)
class VerifyOptions:
    count: int = 6
    benchtime: str = "100ms"
    max_slowdown: float = 5.0
    """Percent: a covering benchmark significantly slower by more than this rejects."""
    alpha: float = 0.05
    timeout: float = 300.0
    """Seconds for any single go command or benchmark binary run."""
    bench_out: Path | None = None
    """Where the raw `go test -bench` output of both sides is saved (benchstat format)."""
    jobs: int | None = None
    bench_lock_dir: Path | None = None
    """When set (by batch), each timed benchmark run holds an exclusive lock on one of
    os.cpu_count() slot files in this directory, so concurrent verifications in other
    processes never time two benchmarks on one core."""


@dataclass
class VerifyStats:
    """How much work a verification did, for the speed script and batch summaries."""

    benchmark_runs: int = 0
    """Timed benchmark executions: each top-level benchmark in each A or B run counts 1."""
    naive_benchmark_runs: int = 0
    """The same had every measurement run every benchmark of its package."""
    coverage_runs: int = 0
    """Single-iteration benchmark runs under coverage (one per benchmark per package)."""
    measurements: int = 0
    """Rewrites (and packages' kept sets) measured."""


@dataclass
class VerifyReport:
    verdicts: list[Verdict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    bench_files: list[Path] = field(default_factory=list)
    stats: VerifyStats = field(default_factory=VerifyStats)

    @property
    def kept(self) -> list[Rewrite]:
        return [v.rewrite for v in self.verdicts if v.kind is VerdictKind.KEPT]
