"""Verification's small parts on fixed inputs: benchmark lines, coverage profiles, options,
overlays, the hang detector, timing slots and the evidence table."""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

from gocodemod.model import Edit, FileResult, Rewrite
from gocodemod.report import reasons, summary_line, verdict_table
from gocodemod.verify import benchfmt
from gocodemod.verify.benchlock import timing_slot
from gocodemod.verify.coverage import Coverage, parse_profile
from gocodemod.verify.measure import _running_when_killed
from gocodemod.verify.model import BenchmarkEvidence, Verdict, VerdictKind, VerifyOptions
from gocodemod.verify.options import problem
from gocodemod.verify.overlay import NotApplicable, rewritten_files, write_overlay

OUTPUT = """goos: linux
goarch: amd64
pkg: example.com/report
cpu: AMD EPYC
BenchmarkIDs-2   \t   12898\t      1998 ns/op\t    4088 B/op\t       8 allocs/op
BenchmarkSizes/size-100-2   \t 500\t 3000 ns/op\t 0 B/op\t 0 allocs/op
BenchmarkCustom-2 \t 10\t 5.5 ns/op\t 12.00 MB/s\t 3 widgets/op
PASS
"""


def test_result_lines_are_parsed_with_their_metrics() -> None:
    ids, sizes, custom = benchfmt.parse(OUTPUT)
    assert ids == benchfmt.Result("BenchmarkIDs-2", 12898, 1998.0, 4088.0, 8.0)
    assert (sizes.name, sizes.allocs_per_op) == ("BenchmarkSizes/size-100-2", 0.0)
    assert (custom.ns_per_op, custom.bytes_per_op, custom.allocs_per_op) == (5.5, None, None)


def test_a_benchmarks_own_output_is_not_a_result() -> None:
    assert benchfmt.parse_line("BenchmarkX-2 \tstarting the server") is None
    assert benchfmt.parse_line("BenchmarkX-2   \t") is None


def test_only_the_gomaxprocs_suffix_is_stripped() -> None:
    assert benchfmt.strip_procs("BenchmarkSizes/size-100-2", 2) == "BenchmarkSizes/size-100"
    assert benchfmt.strip_procs("BenchmarkSizes/size-100", 1) == "BenchmarkSizes/size-100"
    assert benchfmt.strip_procs("BenchmarkA-4", 2) == "BenchmarkA-4"


def test_benchmark_selection_is_anchored() -> None:
    assert benchfmt.anchored(["BenchmarkB", "BenchmarkA"]) == "^(BenchmarkA|BenchmarkB)$"


PROFILE = """mode: set
example.com/report/report.go:19.2,20.27 2 1
example.com/report/report.go:21.3,22.1 1 1
example.com/report/report.go:28.2,29.27 2 0
example.com/report/sub/other.go:5.2,9.3 3 1
example.com/reportx/report.go:40.2,41.3 1 1
"""


def test_profiles_map_executed_blocks_to_lines_of_this_package_only() -> None:
    executed = parse_profile(PROFILE, "example.com/report")
    assert executed == {"report.go": {19, 20, 21, 22}}


def test_a_rewrite_is_covered_by_the_benchmarks_that_ran_its_lines(tmp_path: Path) -> None:
    coverage = Coverage(
        benchmarks=["BenchmarkA", "BenchmarkB", "BenchmarkC"],
        executed={
            "BenchmarkA": {"report.go": {19, 20}},
            "BenchmarkB": {"other.go": {20}},
            "BenchmarkC": {"report.go": {30}},
        },
    )
    rewrite = Rewrite("t", tmp_path / "report.go", 20, 1, "F", "m", (Edit(0, 1, b"x"),))
    assert coverage.covering(rewrite) == ["BenchmarkA"]  # no lines: its own line counts
    wide = Rewrite("t", tmp_path / "report.go", 20, 1, "F", "m", (), lines=(28, 29, 30))
    assert coverage.covering(wide) == ["BenchmarkC"]


@pytest.mark.parametrize("benchtime", ["100ms", "2s", "1m30s", "1.5s", "200x", "250us"])
def test_go_benchtimes_are_accepted(benchtime: str) -> None:
    assert problem(VerifyOptions(benchtime=benchtime)) is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (VerifyOptions(count=3), "--count must be at least 4 (got 3)"),
        (VerifyOptions(benchtime="10"), "--benchtime '10' is not a Go duration"),
        (VerifyOptions(benchtime="x200"), "--benchtime 'x200' is not a Go duration"),
        (VerifyOptions(max_slowdown=-1), "--max-slowdown must not be negative"),
        (VerifyOptions(timeout=0), "--timeout must be positive"),
    ],
)
def test_bad_options_are_named(options: VerifyOptions, message: str) -> None:
    assert (problem(options) or "").startswith(message)


def test_overlay_maps_originals_to_rewritten_copies(tmp_path: Path) -> None:
    original = tmp_path / "pkg" / "a.go"
    original.parent.mkdir()
    source = b"package a\n\nvar x = 1\n"
    original.write_bytes(source)
    at = source.index(b"1")
    rewrite = Rewrite("t", original, 3, 9, "", "m", (Edit(at, at + 1, b"2"),))
    contents = rewritten_files({original: FileResult(original, original=source)}, [rewrite])
    overlay = write_overlay(tmp_path / "variant", contents)
    replace = json.loads(overlay.read_text())["Replace"]
    assert list(replace) == [str(original.resolve())]
    assert Path(replace[str(original.resolve())]).read_bytes() == b"package a\n\nvar x = 2\n"
    assert original.read_bytes() == source


def test_a_rewrite_that_no_longer_parses_is_not_applicable(tmp_path: Path) -> None:
    path = tmp_path / "a.go"
    source = b"package a\n\nvar x = 1\n"
    broken = Rewrite("t", path, 3, 1, "", "m", (Edit(0, 7, b"{{{"),))
    with pytest.raises(NotApplicable, match="does not parse"):
        rewritten_files({path: FileResult(path, original=source)}, [broken])


def test_a_killed_run_names_the_benchmark_that_was_running() -> None:
    partial = (
        "goos: linux\nBenchmarkGrow-2   \t  1000\t  900 ns/op\t 896 B/op\t 1 allocs/op\n"
        "BenchmarkFill-2   \t"
    )
    assert _running_when_killed(partial, ["BenchmarkFill", "BenchmarkGrow"], 2) == "BenchmarkFill"
    # Nothing printed yet (killed during start-up): every requested benchmark is suspect.
    assert _running_when_killed("", ["BenchmarkA", "BenchmarkB"], 2) == "BenchmarkA or BenchmarkB"


def test_timing_slots_are_exclusive_across_open_files(tmp_path: Path) -> None:
    slots = os.cpu_count() or 1
    with timing_slot(tmp_path):
        held = 0
        for index in range(slots):
            fd = os.open(tmp_path / f"slot{index}.lock", os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                held += 1
            finally:
                os.close(fd)
        assert held == 1  # exactly one slot taken while timing
    fd = os.open(tmp_path / "slot0.lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released afterwards
    os.close(fd)


def test_the_table_shows_each_covering_benchmark_and_the_verdicts(tmp_path: Path) -> None:
    rewrite = Rewrite("prealloc-slice", Path("report.go"), 19, 2, "IDs", "m", ())
    other = Rewrite("prealloc-slice", Path("report.go"), 70, 2, "Squares", "m", ())
    evidence = BenchmarkEvidence("BenchmarkIDs", 9, 1, 4088, 1792, 2000, 1000, None, 0.002)
    verdicts = [
        Verdict(rewrite, VerdictKind.KEPT, "allocs/op 9 -> 1 on BenchmarkIDs", (evidence,)),
        Verdict(other, VerdictKind.UNVERIFIED, "no benchmark executes lines 70-73"),
    ]
    console = Console(width=120, record=True, color_system=None)
    console.print(verdict_table(verdicts))
    for line in reasons(verdicts):
        console.print(line)
    text = console.export_text()
    assert "9 → 1" in text and "4088 → 1792" in text
    assert "2µs → 1µs" in text and "-50.0% p=0.002" in text
    assert "report.go:70: unverified [prealloc-slice] no benchmark executes lines 70-73" in text
    assert summary_line(verdicts, 1) == "1 of 2 rewrites kept (1 unverified) in 1 file"
