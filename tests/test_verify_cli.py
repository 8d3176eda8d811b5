"""`gocodemod rewrite --verify` end to end: the real transforms, go toolchain and benchmarks.

Each test copies a stdlib-only module from golden/ into a temporary directory, runs the
command as a user would (a subprocess), and checks verdicts, evidence and that the tree's
files are byte-for-byte what they were (no --apply).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gocodemod.gotool import run_go

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
# Six rounds: with fewer, a benchmark whose allocs/op wobbles by one cannot reach
# significance once Holm corrects for every rewrite of the run.
FAST = ["--count", "6", "--benchtime", "20ms"]


def gocodemod(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gocodemod", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def copy_module(name: str, tmp_path: Path) -> Path:
    module = tmp_path / Path(name).name
    shutil.copytree(GOLDEN / name, module)
    return module


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def functions(source: str) -> dict[str, str]:
    """Top-level function name -> its text (up to the next top-level declaration)."""
    chunks = source.split("\nfunc ")[1:]
    return {chunk.split("(", 1)[0]: chunk for chunk in chunks}


def by_function(payload: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["function"]: row for row in payload["rewrites"]}


def test_count_below_four_is_a_usage_error(tmp_path: Path) -> None:
    module = copy_module("example", tmp_path)
    ran = gocodemod("rewrite", "--verify", "--count", "3", str(module))
    assert ran.returncode == 2
    assert "--count must be at least 4 (got 3)" in ran.stderr
    assert ran.stdout == ""


def test_a_benchtime_go_would_reject_is_a_usage_error(tmp_path: Path) -> None:
    module = copy_module("example", tmp_path)
    ran = gocodemod("rewrite", "--verify", "--benchtime", "fast", str(module))
    assert ran.returncode == 2
    assert "--benchtime 'fast' is not a Go duration" in ran.stderr


def test_example_keeps_proven_rewrites_and_says_why_of_the_rest(tmp_path: Path) -> None:
    module = copy_module("example", tmp_path)
    before = tree_hashes(module)
    ran = gocodemod("rewrite", "--verify", "--json", *FAST, str(module))
    assert ran.returncode == 0, ran.stderr
    assert tree_hashes(module) == before
    rows = by_function(json.loads(ran.stdout))

    ids = rows["IDs"]  # prealloc-slice
    assert (ids["transform"], ids["verdict"]) == ("prealloc-slice", "kept")
    [bench] = ids["benchmarks"]
    assert bench["name"] == "BenchmarkIDs"
    assert bench["allocs_after"] == 1 < bench["allocs_before"]
    assert set(bench) == {
        "name", "allocs_before", "allocs_after", "bytes_before", "bytes_after",
        "ns_before", "ns_after", "p_value", "ns_p_value",
    }  # fmt: skip

    names = rows["Names"]  # strings-builder: one allocation per += becomes a few
    assert (names["transform"], names["verdict"]) == ("strings-builder", "kept")
    [bench] = names["benchmarks"]
    assert bench["name"] == "BenchmarkNames"
    assert bench["allocs_after"] * 5 < bench["allocs_before"]

    # Sizing for every order when one matches allocates as often, and more bytes.
    with_id = rows["WithID"]
    assert with_id["verdict"] == "rejected"
    assert with_id["reason"].split(":")[0] in ("no-alloc-change", "slower")
    assert with_id["benchmarks"][0]["allocs_after"] == with_id["benchmarks"][0]["allocs_before"]

    squares = rows["Squares"]
    assert squares["verdict"] == "unverified"
    assert squares["benchmarks"] == []
    assert squares["reason"].startswith("no benchmark executes lines")


def test_table_on_stderr_and_only_kept_rewrites_in_the_diff(tmp_path: Path) -> None:
    module = copy_module("example", tmp_path)
    bench_out = tmp_path / "bench"
    ran = gocodemod(
        "rewrite", "--verify", "-t", "prealloc-slice", *FAST, "--bench-out", str(bench_out),
        str(module),
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    # stdout is a diff of kept rewrites only: IDs and Expensive, not WithID or Squares.
    assert "func IDs(orders []Order) []int {" in ran.stdout
    assert "-\tout := []Order{}" in ran.stdout  # Expensive
    assert "func WithID" not in ran.stdout and "func Squares" not in ran.stdout
    for header in ("rewrite", "allocs/op", "B/op", "ns/op", "verdict"):
        assert header in ran.stderr
    assert "report.go:19: kept [prealloc-slice] allocs/op" in ran.stderr
    assert "2 of 4 rewrites kept (1 rejected, 1 unverified) in 1 file" in ran.stderr
    saved = sorted(p.name for p in (bench_out / "example.com" / "report").iterdir())
    assert "prealloc-slice-report-19.before.txt" in saved
    assert "combined.after.txt" in saved  # the two kept rewrites, measured together


def test_a_method_that_never_allocated_is_rejected_no_alloc_change(tmp_path: Path) -> None:
    module = copy_module("verify/receiver", tmp_path)
    ran = gocodemod(
        "rewrite", "--verify", "--json", "-t", "value-receiver", *FAST,
        # This test is about allocations; a noisy machine must not turn it into `slower`.
        "--max-slowdown", "1000", str(module),
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    [row] = json.loads(ran.stdout)["rewrites"]
    assert (row["transform"], row["function"], row["verdict"]) == (
        "value-receiver", "point.Norm2", "rejected",
    )  # fmt: skip
    assert row["reason"] == "no-alloc-change: allocs/op 0 -> 0 on BenchmarkNorm2"
    assert row["benchmarks"][0]["bytes_after"] == 0


@pytest.mark.parametrize("timeout", [20])
def test_a_hanging_benchmark_is_killed_reported_and_the_run_goes_on(
    tmp_path: Path, timeout: int
) -> None:
    module = copy_module("verify/hang", tmp_path)
    ran = gocodemod("rewrite", "--verify", "--json", *FAST, "--timeout", str(timeout), str(module))
    assert ran.returncode == 0, ran.stderr
    payload = json.loads(ran.stdout)
    rows = by_function(payload)
    assert rows["Fill"]["verdict"] == "error"
    assert rows["Fill"]["reason"].startswith(
        f"BenchmarkFill did not finish within {timeout}s on the unmodified code (killed)"
    )
    assert rows["Grow"]["verdict"] == "kept"  # verified after the hang
    assert payload["verify_errors"] == [
        f"example.com/hang: BenchmarkFill did not finish within {timeout}s (killed); "
        "left out of every measurement"
    ]
    assert f"BenchmarkFill did not finish within {timeout}s" in ran.stderr


def test_rewrites_kept_alone_but_failing_together_fall_back_to_one(tmp_path: Path) -> None:
    # Presizing either half fits the package's memory budget test; presizing both does not.
    module = copy_module("verify/together", tmp_path)
    ran = gocodemod("rewrite", "--verify", "--apply", "--json", *FAST, str(module))
    assert ran.returncode == 0, ran.stderr
    rows = by_function(json.loads(ran.stdout))
    verdicts = sorted(row["verdict"] for row in rows.values())
    assert verdicts == ["kept", "rejected"]
    [kept] = [row for row in rows.values() if row["verdict"] == "kept"]
    [dropped] = [row for row in rows.values() if row["verdict"] == "rejected"]
    assert "fail together (breaks-tests: TestSplitMemoryBudget:" in kept["reason"]
    assert dropped["reason"].startswith("combined-failure: the package's kept rewrites fail")
    assert f"only prealloc-slice at halves.go:{kept['line']} is kept" in dropped["reason"]
    # --apply wrote the kept rewrite alone, and the package's tests pass with it.
    original = functions((GOLDEN / "verify/together/halves.go").read_text())
    written = functions((module / "halves.go").read_text())
    assert written[kept["function"]] != original[kept["function"]]
    assert written[dropped["function"]] == original[dropped["function"]]
    tested = run_go(["test", "-count=1", "."], cwd=module, timeout=600)
    assert tested.ok, tested.stdout + tested.stderr
