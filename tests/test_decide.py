"""The verification decision on synthetic samples: exact alloc comparisons, U tests, Holm."""

from __future__ import annotations

import pytest

from gocodemod.verify.decide import (
    NO_ALLOC_CHANGE,
    SLOWER,
    BenchmarkRuns,
    Measured,
    Sample,
    decide_all,
    holm,
)
from gocodemod.verify.model import VerdictKind


def runs(
    name: str,
    before: tuple[list[float], list[float], list[float]],
    after: tuple[list[float], list[float], list[float]],
) -> BenchmarkRuns:
    """(ns, bytes, allocs) per side, one value per run."""
    return BenchmarkRuns(
        name,
        [Sample(n, b, a) for n, b, a in zip(*before, strict=True)],
        [Sample(n, b, a) for n, b, a in zip(*after, strict=True)],
    )


NS_STEADY = [1000.0, 1010.0, 990.0, 1005.0, 995.0, 1002.0]
NS_SAME = [1001.0, 1008.0, 992.0, 1003.0, 997.0, 1000.0]


def const(value: float, n: int = 6) -> list[float]:
    return [value] * n


def test_exact_alloc_drop_is_kept_without_p_value() -> None:
    bench = runs(
        "BenchmarkIDs",
        (NS_STEADY, const(4088), const(9)),
        (NS_SAME, const(1792), const(1)),
    )
    decision = decide_all([Measured("r1", (bench,))])["r1"]
    assert decision.kind is VerdictKind.KEPT
    assert decision.reason == "allocs/op 9 -> 1 on BenchmarkIDs"
    [evidence] = decision.evidence
    assert (evidence.allocs_before, evidence.allocs_after) == (9, 1)
    assert (evidence.bytes_before, evidence.bytes_after) == (4088, 1792)
    assert evidence.p_value is None  # compared exactly


def test_identical_allocs_are_rejected_no_alloc_change() -> None:
    bench = runs("BenchmarkX", (NS_STEADY, const(64), const(2)), (NS_SAME, const(64), const(2)))
    decision = decide_all([Measured("r1", (bench,))])["r1"]
    assert decision.kind is VerdictKind.REJECTED
    assert decision.reason.startswith(NO_ALLOC_CHANGE + ":")
    assert "allocs/op 2 -> 2 on BenchmarkX" in decision.reason


def test_exact_alloc_rise_is_not_a_cut() -> None:
    bench = runs("BenchmarkX", (NS_STEADY, const(64), const(1)), (NS_SAME, const(128), const(2)))
    assert decide_all([Measured("r1", (bench,))])["r1"].kind is VerdictKind.REJECTED


def test_noisy_bytes_use_the_u_test() -> None:
    # B/op varies run to run (setup amortised over b.N): no exact comparison possible, but
    # every candidate sample is below every baseline sample: p = 1/C(12,6) one-sided.
    before = [4100.0, 4102.0, 4101.0, 4099.0, 4103.0, 4098.0]
    after = [1800.0, 1801.0, 1799.0, 1802.0, 1798.0, 1797.0]
    bench = runs("BenchmarkB", (NS_STEADY, before, const(3)), (NS_SAME, after, const(3)))
    decision = decide_all([Measured("r1", (bench,))])["r1"]
    assert decision.kind is VerdictKind.KEPT
    [evidence] = decision.evidence
    assert evidence.p_value == pytest.approx(1 / 924)
    assert "p=0.00108" in decision.reason


def test_overlapping_noisy_bytes_are_not_significant() -> None:
    before = [100.0, 103.0, 99.0, 101.0, 104.0, 98.0]
    after = [101.0, 99.0, 102.0, 100.0, 98.0, 103.0]
    bench = runs("BenchmarkB", (NS_STEADY, before, const(3)), (NS_SAME, after, const(3)))
    decision = decide_all([Measured("r1", (bench,))])["r1"]
    assert decision.kind is VerdictKind.REJECTED
    assert decision.reason.startswith(NO_ALLOC_CHANGE)
    assert "no significant drop" in decision.reason


def test_clearly_slower_beyond_threshold_is_rejected_slower() -> None:
    slow = [n * 1.30 for n in NS_SAME]
    bench = runs("BenchmarkS", (NS_STEADY, const(64), const(2)), (slow, const(0), const(0)))
    decision = decide_all([Measured("r1", (bench,))], max_slowdown=5.0)["r1"]
    assert decision.kind is VerdictKind.REJECTED
    assert decision.reason.startswith(SLOWER + ": BenchmarkS ns/op +")
    [evidence] = decision.evidence
    assert evidence.ns_p_value is not None and evidence.ns_p_value < 0.05


def test_slowdown_within_the_threshold_is_tolerated() -> None:
    # 3% slower on every sample: significant, but below the 5% allowed.
    slower = [n * 1.03 for n in NS_STEADY]
    bench = runs("BenchmarkS", (NS_STEADY, const(64), const(2)), (slower, const(0), const(0)))
    assert decide_all([Measured("r1", (bench,))], max_slowdown=5.0)["r1"].kind is VerdictKind.KEPT
    # ... and rejected when the user allows only 1%.
    decision = decide_all([Measured("r1", (bench,))], max_slowdown=1.0)["r1"]
    assert decision.reason.startswith(SLOWER)


def test_one_slower_covering_benchmark_rejects_even_with_a_cut_elsewhere() -> None:
    cut = runs("BenchmarkA", (NS_STEADY, const(64), const(2)), (NS_SAME, const(0), const(0)))
    slow = runs(
        "BenchmarkB",
        (NS_STEADY, const(8), const(1)),
        ([n * 2 for n in NS_SAME], const(8), const(1)),
    )
    decision = decide_all([Measured("r1", (cut, slow))])["r1"]
    assert decision.kind is VerdictKind.REJECTED
    assert "BenchmarkB" in decision.reason


def test_holm_adjusts_in_step_down_order() -> None:
    # m = 3: smallest x3, next x2 (kept monotone), largest x1.
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])
    assert holm([0.0, 0.5]) == pytest.approx([0.0, 0.5])
    assert holm([]) == []


def test_correction_across_rewrites_withholds_a_marginal_win() -> None:
    # count=4: the best one-sided U p-value is 1/C(8,4) = 1/70 ~ 0.0143. Alone it is
    # significant; among four rewrites tested, Holm multiplies it by 4 (0.057 > 0.05).
    before = [4100.0, 4102.0, 4101.0, 4099.0]
    after = [1800.0, 1801.0, 1799.0, 1802.0]
    ns = [1000.0, 1001.0, 999.0, 1002.0]

    def noisy_cut(key: str) -> Measured:
        return Measured(
            key, (runs("BenchmarkB", (ns, before, const(3, 4)), (ns, after, const(3, 4))),)
        )

    alone = decide_all([noisy_cut("r1")])
    assert alone["r1"].kind is VerdictKind.KEPT
    together = decide_all([noisy_cut(f"r{i}") for i in range(4)])
    assert all(d.kind is VerdictKind.REJECTED for d in together.values())
    assert all("p=0.0571" in d.reason for d in together.values())


def test_exact_cuts_survive_any_number_of_rewrites() -> None:
    measured = [
        Measured(
            f"r{i}",
            (runs("BenchmarkX", (NS_STEADY, const(64), const(2)), (NS_SAME, const(32), const(1))),),
        )
        for i in range(50)
    ]
    assert all(d.kind is VerdictKind.KEPT for d in decide_all(measured).values())


def test_evidence_lists_every_covering_benchmark_with_medians() -> None:
    a = runs("BenchmarkA", (NS_STEADY, const(64), const(2)), (NS_SAME, const(0), const(0)))
    b = runs("BenchmarkB/small", (NS_STEADY, const(8), const(1)), (NS_SAME, const(8), const(1)))
    decision = decide_all([Measured("r1", (a, b))])["r1"]
    assert [e.name for e in decision.evidence] == ["BenchmarkA", "BenchmarkB/small"]
    assert decision.evidence[0].ns_before == pytest.approx(1001.0)
    assert decision.evidence[1].allocs_after == 1
