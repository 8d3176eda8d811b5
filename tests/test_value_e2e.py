"""value-struct and value-receiver end to end: real packages, the real go toolchain.

The benchmark test copies golden/modules/valuestruct (a stdlib-only module whose unexported
constructor returns `&point{...}`), measures allocs/op, applies the `value-struct` rewrite
with the CLI, and measures again: the allocation is gone and the tests still pass. The
other tests build small multi-file packages, because the transforms decide per package.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gocodemod import engine
from gocodemod.gotool import gofmt_diff, run_go
from gocodemod.model import FileResult

MODULE = Path(__file__).resolve().parent.parent / "golden" / "modules" / "valuestruct"
_BENCH = re.compile(r"^BenchmarkDistance\S*\s+\d+\s+\S+ ns/op\s+(\d+) B/op\s+(\d+) allocs/op", re.M)


def allocs_per_op(directory: Path) -> int:
    result = run_go(
        ["test", "-run", "^$", "-bench", "BenchmarkDistance", "-benchmem", "-benchtime=2000x", "."],
        cwd=directory,
        timeout=600,
    )
    assert result.ok, result.stdout + result.stderr
    match = _BENCH.search(result.stdout)
    assert match, result.stdout
    return int(match[2])


def gocodemod(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gocodemod", *args], capture_output=True, text=True, check=False
    )


def test_value_struct_takes_the_constructors_allocation_to_zero(tmp_path: Path) -> None:
    module = tmp_path / "valuestruct"
    shutil.copytree(MODULE, module)
    assert allocs_per_op(module) == 1

    applied = gocodemod("rewrite", str(module), "-t", "value-struct", "--apply")
    assert applied.returncode == 0, applied.stderr
    source = (module / "points.go").read_bytes()
    assert b"func parsePoint(s string) point {" in source
    assert b"return &point" not in source
    assert not gofmt_diff(source)

    assert allocs_per_op(module) == 0
    tested = run_go(["test", "-count=1", "."], cwd=module, timeout=600)
    assert tested.ok, tested.stdout + tested.stderr
    vetted = run_go(["vet", "."], cwd=module, timeout=600)
    assert vetted.ok, vetted.stderr
    # Idempotent: nothing more to propose once rewritten.
    again = gocodemod("rewrite", str(module), "-t", "value-struct", "--check")
    assert again.returncode == 0, again.stdout


def write_package(directory: Path, files: dict[str, str]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "go.mod").write_text("module example.com/pkg\n\ngo 1.21\n")
    for name, text in files.items():
        (directory / name).write_text(text)
    return sorted(p for p in directory.glob("*.go") if not p.name.endswith("_test.go"))


def analyse(paths: list[Path], transform: str) -> dict[str, FileResult]:
    return {r.path.name: r for r in engine.analyse_package(paths, [transform])}


POINT = (
    "package shapes\n\ntype point struct{ x, y int }\n\n"
    "func (p *point) sum() int { return p.x + p.y }\n"
)


def test_value_receiver_sees_a_mutating_method_in_another_file(tmp_path: Path) -> None:
    paths = write_package(
        tmp_path,
        {"a.go": POINT, "b.go": "package shapes\n\nfunc (p *point) reset() { p.x = 0 }\n"},
    )
    results = analyse(paths, "value-receiver")
    assert results["a.go"].rewritten is None
    [refusal] = results["a.go"].refusals
    assert "reset assigns to p.x (b.go:3)" in refusal.reason


def test_value_receiver_converts_every_file_of_the_type_together(tmp_path: Path) -> None:
    paths = write_package(
        tmp_path,
        {
            "a.go": POINT,
            "b.go": "package shapes\n\nfunc (p *point) dx(o point) int { return p.x - o.x }\n",
            "use.go": "package shapes\n\nfunc Total() int {\n\tp := &point{1, 2}\n"
            "\treturn p.sum() + p.dx(point{})\n}\n",
        },
    )
    applied = gocodemod("rewrite", str(tmp_path), "-t", "value-receiver", "--apply")
    assert applied.returncode == 0, applied.stderr
    assert b"func (p point) sum() int" in paths[0].read_bytes()
    assert b"func (p point) dx(o point) int" in paths[1].read_bytes()
    vetted = run_go(["vet", "."], cwd=tmp_path, timeout=600)
    assert vetted.ok, vetted.stderr


def test_value_receiver_size_limit_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rect = (
        "package shapes\n\ntype rect struct{ a, b, c, d int }\n\n"
        "func (r *rect) w() int { return r.c - r.a }\n"
    )
    paths = write_package(tmp_path, {"rect.go": rect})
    [refusal] = analyse(paths, "value-receiver")["rect.go"].refusals
    assert "32 bytes, over the 24-byte limit" in refusal.reason
    monkeypatch.setenv("GOCODEMOD_VALUE_RECEIVER_MAX_BYTES", "32")
    assert b"func (r rect) w() int" in (
        analyse(paths, "value-receiver")["rect.go"].rewritten or b""
    )


def test_value_receiver_refuses_a_generic_receiver() -> None:
    case = MODULE.parent.parent / "value-receiver" / "generic" / "generic_receiver.go"
    paths = [case]
    [refusal] = analyse(paths, "value-receiver")[case.name].refusals
    assert "generic" in refusal.reason


def test_value_receiver_refusals_are_explained_by_scan(tmp_path: Path) -> None:
    write_package(
        tmp_path,
        {
            "c.go": "package c\n\ntype counter struct{ n int }\n\n"
            "func (c *counter) inc() { c.n++ }\n"
        },
    )
    scanned = gocodemod("scan", str(tmp_path), "-t", "value-receiver")
    assert scanned.returncode == 0, scanned.stderr
    assert "[value-receiver]" in scanned.stdout
    assert "inc changes c.n (increment)" in scanned.stdout


CONSTRUCTOR = """package shapes

type point struct{ x, y int }

//go:noinline
func newPoint(x, y int) *point {
	return &point{x: x, y: y}
}

func X() int { return newPoint(1, 2).x }
"""


def test_value_struct_sees_a_test_that_keeps_the_pointer(tmp_path: Path) -> None:
    test = (
        'package shapes\n\nimport "testing"\n\n'
        "func TestP(t *testing.T) {\n\tvar p *point = newPoint(1, 2)\n\t_ = p\n}\n"
    )
    paths = write_package(tmp_path, {"p.go": CONSTRUCTOR})
    assert analyse(paths, "value-struct")["p.go"].rewritten is not None
    (tmp_path / "p_test.go").write_text(test)
    result = analyse(paths, "value-struct")["p.go"]
    assert result.rewritten is None
    [refusal] = result.refusals
    assert "declares a pointer at p_test.go:6" in refusal.reason


def test_value_struct_refuses_when_escape_analysis_is_unavailable(tmp_path: Path) -> None:
    broken = CONSTRUCTOR + "\nfunc Broken() int { return undefined }\n"
    paths = write_package(tmp_path, {"p.go": broken})
    result = analyse(paths, "value-struct")["p.go"]
    assert result.rewritten is None
    [refusal] = result.refusals
    assert "escape analysis unavailable: the package does not build" in refusal.reason
