"""Verification's gates on golden/verify/gates, with rewrites written by hand.

gocodemod's transforms refuse unsafe rewrites, so to see the gates catch one this test
builds Rewrites directly (they are plain dataclasses): a rewrite that does not compile, one
that makes a nil result non-nil (the package's test checks it), one on code no benchmark
runs, one that cuts nothing, and one that really cuts allocations. All go through one real
verification: real `go test -c`, `go vet`, tests, coverage and benchmarks.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from gocodemod.model import Edit, FileResult, Rewrite
from gocodemod.verify import VerdictKind, VerifyOptions, VerifyReport, verify_results

MODULE = Path(__file__).resolve().parent.parent / "golden" / "verify" / "gates"

Verified = tuple[VerifyReport, Path, Path]


def hand_rewrite(path: Path, function: str, old: str, new: str, transform: str) -> Rewrite:
    """Replace the first `old` inside `func function(` with `new`."""
    source = path.read_bytes()
    start = source.index(f"func {function}(".encode())
    at = source.index(old.encode(), start)
    line = source.count(b"\n", 0, at) + 1
    return Rewrite(
        transform=transform,
        path=path,
        line=line,
        column=1,
        function=function,
        message=f"{old} -> {new}",
        edits=(Edit(at, at + len(old.encode()), new.encode()),),
        lines=(line,),
    )


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def verified(tmp_path_factory: pytest.TempPathFactory) -> Verified:
    module = tmp_path_factory.mktemp("gates") / "gates"
    shutil.copytree(MODULE, module)
    path = module / "gates.go"
    grow = "out := make([]int, 0, len(xs))"
    rewrites = [
        hand_rewrite(path, "Doubles", "var out []int", grow, "hand-prealloc"),
        hand_rewrite(path, "Evens", "var out []int", grow, "hand-nil-breaker"),
        hand_rewrite(path, "Sum", "total := 0", "total, unused := 0, 1", "hand-unused"),
        hand_rewrite(path, "Sum", "total += x", "total = total + x", "hand-noop"),
        hand_rewrite(path, "Squares", "var out []int", "out := make([]int, 0, n)", "hand-prealloc"),
    ]
    before = tree_hashes(module)
    result = FileResult(path, rewrites=rewrites, original=path.read_bytes())
    bench_out = module.parent / "bench"
    report = verify_results(
        [result],
        VerifyOptions(
            count=6, benchtime="20ms", timeout=120, max_slowdown=1000, bench_out=bench_out
        ),
    )
    assert tree_hashes(module) == before, "verification modified the source tree"
    return report, module, bench_out


def verdict_of(report: VerifyReport, transform: str, function: str) -> tuple[VerdictKind, str]:
    [verdict] = [
        v
        for v in report.verdicts
        if v.rewrite.transform == transform and v.rewrite.function == function
    ]
    return verdict.kind, verdict.reason


def test_a_rewrite_that_does_not_compile_is_does_not_build(verified: Verified) -> None:
    report, _, _ = verified
    kind, reason = verdict_of(report, "hand-unused", "Sum")
    assert kind is VerdictKind.DOES_NOT_BUILD
    assert "declared and not used: unused" in reason


def test_a_rewrite_that_breaks_a_test_is_breaks_tests_with_the_failure(verified: Verified) -> None:
    report, _, _ = verified
    kind, reason = verdict_of(report, "hand-nil-breaker", "Evens")
    assert kind is VerdictKind.BREAKS_TESTS
    assert reason.startswith("TestEvens: gates_test.go:")
    assert "Evens(nil) = []int{}, want nil" in reason


def test_code_no_benchmark_runs_is_unverified(verified: Verified) -> None:
    report, _, _ = verified
    kind, reason = verdict_of(report, "hand-prealloc", "Squares")
    assert kind is VerdictKind.UNVERIFIED
    assert reason.startswith("no benchmark executes line")
    assert "3 benchmarks checked" in reason


def test_a_rewrite_that_cuts_nothing_is_rejected_no_alloc_change(verified: Verified) -> None:
    report, _, _ = verified
    kind, reason = verdict_of(report, "hand-noop", "Sum")
    assert kind is VerdictKind.REJECTED
    assert reason.startswith("no-alloc-change: allocs/op 0 -> 0 on BenchmarkSum")


def test_a_real_cut_is_kept_with_only_its_covering_benchmark(verified: Verified) -> None:
    report, _, _ = verified
    [kept] = [v for v in report.verdicts if v.kind is VerdictKind.KEPT]
    assert kept.rewrite.function == "Doubles"
    [evidence] = kept.benchmarks  # coverage picked BenchmarkDoubles alone
    assert evidence.name == "BenchmarkDoubles"
    assert evidence.allocs_after == 1 < evidence.allocs_before
    assert evidence.bytes_after < evidence.bytes_before
    as_json = json.loads(json.dumps(kept.to_json()))
    assert as_json["verdict"] == "kept" and as_json["benchmarks"][0]["allocs_after"] == 1


def test_raw_benchmark_output_is_saved_for_benchstat(verified: Verified) -> None:
    report, _, bench_out = verified
    folder = bench_out / "example.com" / "gates"
    before = (folder / "hand-prealloc-gates-7.before.txt").read_text()
    after = (folder / "hand-prealloc-gates-7.after.txt").read_text()
    # Six rounds, each a complete `go test -bench` output: header, result line, PASS.
    assert before.count("pkg: example.com/gates") == 6 == after.count("PASS")
    assert before.count("BenchmarkDoubles") == 6
    assert " allocs/op" in after
    assert set(report.bench_files) >= {folder / "hand-prealloc-gates-7.before.txt"}
