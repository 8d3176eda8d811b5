"""Side by side: allocations of a benchmark module as written, after `go fix`, after gocodemod.

Go 1.26+ ships a `stringsbuilder` modernizer (`go fix -stringsbuilder ./...`) that turns
`s += x` in loops into a strings.Builder too, but keeps `sb.WriteString(fmt.Sprintf(...))`
and `sb.WriteString(a + b + c)`. This script copies the module three times, rewrites one
copy with go fix and one with gocodemod's strings-builder transform, checks that all three
pass their tests, and prints allocs/op and B/op per benchmark:

    python scripts/compare_gofix.py [MODULE_DIR] [--benchtime 200x]

MODULE_DIR defaults to golden/modules/strbuild. Exit status 1 if a variant fails its tests.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from gocodemod.gotool import GoResult, run_go
from gocodemod.pipeline import run_rewrite

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODULE = ROOT / "golden" / "modules" / "strbuild"
VARIANTS = ("original", "go fix", "gocodemod")
# `BenchmarkJoin-2   200   1698 ns/op   1017 B/op   7 allocs/op`
_BENCH_LINE = re.compile(
    r"^(Benchmark\S+?)(?:-\d+)?\s+\d+\s+[\d.]+ ns/op\s+(\d+) B/op\s+(\d+) allocs/op", re.M
)


@dataclass(frozen=True)
class Allocs:
    bytes_per_op: int
    allocs_per_op: int


class VariantFailed(RuntimeError):
    pass


def _check(result: GoResult, what: str) -> GoResult:
    if not result.ok:
        raise VariantFailed(f"{what}: {result.first_error()}\n{result.stdout}{result.stderr}")
    return result


def prepare(module: Path, workdir: Path) -> dict[str, Path]:
    """Three copies of `module` under `workdir`: as written, go fix's, and gocodemod's."""
    copies = {}
    for variant in VARIANTS:
        target = workdir / variant.replace(" ", "")
        shutil.copytree(module, target)
        copies[variant] = target
    _check(run_go(["fix", "-stringsbuilder", "./..."], cwd=copies["go fix"], timeout=600), "go fix")
    run = run_rewrite([copies["gocodemod"]], ["strings-builder"], apply=True, jobs=1)
    if run.errors:
        raise VariantFailed("gocodemod: " + "; ".join(map(str, run.errors)))
    return copies


def measure(directory: Path, benchtime: str = "200x") -> dict[str, Allocs]:
    """Run the package's tests, then its benchmarks once with -benchmem."""
    _check(run_go(["test", "-count=1", "./..."], cwd=directory, timeout=600), f"{directory} tests")
    result = _check(
        run_go(
            [
                "test",
                "-run",
                "^$",
                "-bench",
                ".",
                "-benchmem",
                f"-benchtime={benchtime}",
                "-count=1",
                "./...",
            ],
            cwd=directory,
            timeout=600,
        ),
        f"{directory} benchmarks",
    )
    return {
        m.group(1): Allocs(int(m.group(2)), int(m.group(3)))
        for m in _BENCH_LINE.finditer(result.stdout)
    }


def compare(module: Path, workdir: Path, benchtime: str = "200x") -> dict[str, dict[str, Allocs]]:
    """Benchmark name -> variant -> allocations."""
    copies = prepare(module, workdir)
    per_variant = {variant: measure(path, benchtime) for variant, path in copies.items()}
    names = list(per_variant["original"])
    return {name: {v: per_variant[v][name] for v in VARIANTS} for name in names}


def table(results: dict[str, dict[str, Allocs]]) -> Table:
    view = Table(title="allocs/op and B/op: original, go fix -stringsbuilder, gocodemod")
    view.add_column("benchmark")
    for variant in VARIANTS:
        view.add_column(f"{variant}\nallocs/op", justify="right")
    for variant in VARIANTS:
        view.add_column(f"{variant}\nB/op", justify="right")
    for name, row in results.items():
        view.add_row(
            name.removeprefix("Benchmark"),
            *(str(row[v].allocs_per_op) for v in VARIANTS),
            *(str(row[v].bytes_per_op) for v in VARIANTS),
        )
    return view


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", nargs="?", type=Path, default=DEFAULT_MODULE)
    parser.add_argument("--benchtime", default="200x")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-gofix-") as tmp:
        try:
            results = compare(args.module.resolve(), Path(tmp), args.benchtime)
        except VariantFailed as exc:
            print(f"compare_gofix: {exc}", file=sys.stderr)
            return 1
    Console(highlight=False, width=200).print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
