"""The decision: does a rewrite measurably cut allocations without slowing anything down?

Input is, per rewrite, the samples of every covering benchmark on both sides (baseline A,
candidate B; one sample per alternating run). Per covering benchmark:

- **allocs/op and B/op** are usually identical run to run. When every sample of both sides
  agrees, they are compared exactly: a drop is certain (no p-value). Otherwise the one-sided
  Mann-Whitney U test (scipy) asks whether the baseline is larger.
- **ns/op** is noisy, so it always goes through the one-sided U test, against the candidate
  scaled down by the allowed slowdown: "significantly slower" means slower by *more than*
  `max_slowdown` percent, with significance.

Corrections, so that testing many rewrites does not manufacture false wins:

- within a rewrite, its U tests are Bonferroni-combined (k tests -> k x the smallest p), which
  gives one p-value per rewrite for "allocations fell" and one for "got slower";
- across every rewrite tested in the run, each of those families is Holm-Bonferroni
  corrected (`holm`) and compared with alpha.

`kept` when allocations fell significantly on at least one covering benchmark and no
covering benchmark is significantly slower beyond the threshold; otherwise `rejected` with
the reason `no-alloc-change` or `slower`. With fewer than 4 samples a side the U test
cannot reach p < 0.05 at all; the caller enforces a minimum count.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from gocodemod.verify.model import BenchmarkEvidence, VerdictKind

NO_ALLOC_CHANGE = "no-alloc-change"
SLOWER = "slower"


@dataclass(frozen=True)
class Sample:
    """One benchmark run's figures (None: the run did not report that metric)."""

    ns: float
    bytes: float | None
    allocs: float | None


@dataclass
class BenchmarkRuns:
    """Every sample of one benchmark (or sub-benchmark) on both sides."""

    name: str
    before: list[Sample] = field(default_factory=list)
    after: list[Sample] = field(default_factory=list)


@dataclass(frozen=True)
class Measured:
    """One hypothesis to decide: a rewrite (or a package's kept rewrites together)."""

    key: str
    benchmarks: tuple[BenchmarkRuns, ...]


@dataclass(frozen=True)
class Decision:
    kind: VerdictKind
    reason: str
    evidence: tuple[BenchmarkEvidence, ...]


@dataclass(frozen=True)
class _MetricTest:
    """allocs/op or B/op on one benchmark: exact when every sample agrees, else a U test."""

    metric: str
    before: float
    after: float
    exact: bool
    fell: bool  # exact comparisons only
    p: float | None  # one-sided "baseline larger"; None when exact


@dataclass
class _Analysis:
    """Everything about one Measured before the correction across rewrites."""

    measured: Measured
    cuts: dict[str, list[_MetricTest]]  # benchmark name -> its allocs and bytes tests
    slow_p: dict[str, float]  # benchmark name -> one-sided p of "slower beyond threshold"
    changes: dict[str, float]  # benchmark name -> ns/op change, percent of the median

    @property
    def certain_cut(self) -> bool:
        return any(t.exact and t.fell for tests in self.cuts.values() for t in tests)

    @property
    def cut_tests(self) -> int:
        return sum(not t.exact for tests in self.cuts.values() for t in tests)

    def cut_p(self) -> float:
        """One p-value for "allocations fell" (0: certain; Bonferroni within the rewrite)."""
        if self.certain_cut:
            return 0.0
        ps = [t.p for tests in self.cuts.values() for t in tests if t.p is not None]
        return min(1.0, min(ps) * len(ps)) if ps else 1.0

    def slower_p(self) -> float:
        ps = list(self.slow_p.values())
        return min(1.0, min(ps) * len(ps)) if ps else 1.0


def _u_test(x: list[float], y: list[float], alternative: str) -> float:
    """scipy's Mann-Whitney U p-value. Imported here, not at the top: scipy.stats takes
    seconds to import, and every gocodemod command imports this module via the pipeline."""
    from scipy.stats import mannwhitneyu

    return float(mannwhitneyu(x, y, alternative=alternative).pvalue)


def holm(pvalues: Sequence[float]) -> list[float]:
    """Holm-Bonferroni adjusted p-values, in the input's order.

    Sorted ascending, the i-th smallest (0-based) of m is multiplied by m - i, and the
    adjusted values are made non-decreasing in that order. (scipy offers only FDR
    procedures, which control a weaker error rate than we want for "kept".)
    """
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [1.0] * m
    running = 0.0
    for rank, index in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[index]))
        adjusted[index] = running
    return adjusted


def _values(samples: Sequence[Sample], metric: str) -> list[float]:
    values = [getattr(s, metric) for s in samples]
    return [float(v) for v in values if v is not None]


def _metric_test(metric: str, before: list[float], after: list[float]) -> _MetricTest | None:
    if not before or not after:
        return None
    median_before, median_after = statistics.median(before), statistics.median(after)
    if len(set(before)) == 1 and len(set(after)) == 1:
        return _MetricTest(metric, median_before, median_after, True, after[0] < before[0], None)
    p = _u_test(before, after, "greater")
    return _MetricTest(metric, median_before, median_after, False, False, p)


def _analyse(measured: Measured, max_slowdown: float) -> _Analysis:
    analysis = _Analysis(measured, {}, {}, {})
    allowed = 1.0 + max_slowdown / 100.0
    for bench in measured.benchmarks:
        tests = [
            _metric_test(metric, _values(bench.before, metric), _values(bench.after, metric))
            for metric in ("allocs", "bytes")
        ]
        analysis.cuts[bench.name] = [t for t in tests if t is not None]
        before_ns, after_ns = _values(bench.before, "ns"), _values(bench.after, "ns")
        if before_ns and after_ns:
            base = statistics.median(before_ns)
            change = (statistics.median(after_ns) / base - 1.0) * 100.0 if base else 0.0
            analysis.changes[bench.name] = change
            # H0: the candidate is at most `max_slowdown` percent slower.
            scaled = [ns / allowed for ns in after_ns]
            if len(set(before_ns) | set(scaled)) > 1:
                analysis.slow_p[bench.name] = _u_test(scaled, before_ns, "greater")
    return analysis


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.2f}"


def _evidence(analysis: _Analysis, cut_factor: float) -> tuple[BenchmarkEvidence, ...]:
    """Per benchmark medians; the cut's p-value on the scale the decision used."""
    evidence = []
    for bench in analysis.measured.benchmarks:
        tests = {t.metric: t for t in analysis.cuts.get(bench.name, [])}
        exact_fell = any(t.exact and t.fell for t in tests.values())
        ps = [t.p for t in tests.values() if t.p is not None]
        p_value = None if exact_fell or not ps else min(1.0, min(ps) * cut_factor)
        evidence.append(
            BenchmarkEvidence(
                name=bench.name,
                allocs_before=_median(_values(bench.before, "allocs")),
                allocs_after=_median(_values(bench.after, "allocs")),
                bytes_before=_median(_values(bench.before, "bytes")),
                bytes_after=_median(_values(bench.after, "bytes")),
                ns_before=_median(_values(bench.before, "ns")),
                ns_after=_median(_values(bench.after, "ns")),
                p_value=p_value,
                ns_p_value=_ns_change_p(bench),
            )
        )
    return tuple(evidence)


def _ns_change_p(bench: BenchmarkRuns) -> float | None:
    """Two-sided U test of any ns/op change, as benchstat shows it (for the reader; the
    decision uses the one-sided, corrected test against the allowed slowdown)."""
    before, after = _values(bench.before, "ns"), _values(bench.after, "ns")
    if not before or not after or len(set(before) | set(after)) == 1:
        return None
    return _u_test(before, after, "two-sided")


def _best_cut(analysis: _Analysis) -> str:
    """The largest relative drop, as `allocs/op 8 -> 1 on BenchmarkIDs`."""
    best: tuple[float, str] | None = None
    for name, tests in analysis.cuts.items():
        for t in tests:
            if t.after < t.before and t.before > 0:
                drop = (t.before - t.after) / t.before
                label = "allocs/op" if t.metric == "allocs" else "B/op"
                text = f"{label} {_fmt(t.before)} -> {_fmt(t.after)} on {name}"
                if best is None or drop > best[0]:
                    best = (drop, text)
    return best[1] if best else "allocations fell"


def _unchanged(analysis: _Analysis) -> str:
    parts = []
    for name, tests in analysis.cuts.items():
        allocs = next((t for t in tests if t.metric == "allocs"), None)
        if allocs is not None:
            parts.append(f"allocs/op {_fmt(allocs.before)} -> {_fmt(allocs.after)} on {name}")
    return ", ".join(parts) or "no allocation figures"


def _factor(raw: float, adjusted: float, tests: int, m: int) -> float:
    """What a raw per-benchmark p is multiplied by to be on the decision's scale."""
    if 0.0 < raw < 1.0:
        return adjusted / raw * max(1, tests)
    return float(max(1, tests) * m)  # raw 0 (certain) or 1: the plain upper bound


def decide_all(
    measured: Sequence[Measured], *, alpha: float = 0.05, max_slowdown: float = 5.0
) -> dict[str, Decision]:
    """Decide every hypothesis of the run together (Holm across them), by `key`."""
    analyses = [_analyse(m, max_slowdown) for m in measured]
    cut_adjusted = holm([a.cut_p() for a in analyses])
    slow_adjusted = holm([a.slower_p() for a in analyses])
    m = len(analyses)
    decisions: dict[str, Decision] = {}
    for analysis, cut_p, slow_p in zip(analyses, cut_adjusted, slow_adjusted, strict=True):
        # Evidence p-values carry the same corrections as the decision: the deciding
        # benchmark shows exactly the adjusted p the decision compared with alpha, the
        # others proportionally more.
        cut_factor = _factor(analysis.cut_p(), cut_p, analysis.cut_tests, m)
        evidence = _evidence(analysis, cut_factor)
        if slow_p <= alpha:
            worst = min(analysis.slow_p, key=lambda n: analysis.slow_p[n])
            decisions[analysis.measured.key] = Decision(
                VerdictKind.REJECTED,
                f"{SLOWER}: {worst} ns/op {analysis.changes[worst]:+.1f}% "
                f"(more than {max_slowdown:g}% slower, p={slow_p:.3g})",
                evidence,
            )
        elif cut_p <= alpha:
            suffix = "" if analysis.certain_cut else f" (p={cut_p:.3g})"
            decisions[analysis.measured.key] = Decision(
                VerdictKind.KEPT, _best_cut(analysis) + suffix, evidence
            )
        else:
            detail = _unchanged(analysis)
            if not analysis.certain_cut and analysis.cut_tests:
                detail += f"; no significant drop (p={cut_p:.3g} > {alpha:g})"
            decisions[analysis.measured.key] = Decision(
                VerdictKind.REJECTED, f"{NO_ALLOC_CHANGE}: {detail}", evidence
            )
    return decisions
