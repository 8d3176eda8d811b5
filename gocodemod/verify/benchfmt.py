"""The Go benchmark format: reading result lines, naming benchmarks, saving raw output.

A result line is what `go test -bench` prints, e.g.

    BenchmarkIDs-2   	   12898	      1998 ns/op	    4088 B/op	       8 allocs/op

name (with a `-GOMAXPROCS` suffix when GOMAXPROCS > 1), iterations, then value/unit pairs.
The raw output is saved untouched, so benchstat reads the files as it reads `go test`'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_RESULT = re.compile(r"^(Benchmark\S*)\s+(\d+)\s+(.+)$")


@dataclass(frozen=True)
class Result:
    """One benchmark result line. A metric missing from the line is None."""

    name: str
    iterations: int
    ns_per_op: float | None
    bytes_per_op: float | None
    allocs_per_op: float | None


def parse_line(line: str) -> Result | None:
    match = _RESULT.match(line.strip())
    if match is None:
        return None
    fields = match.group(3).split()
    metrics: dict[str, float] = {}
    for value, unit in zip(fields[::2], fields[1::2], strict=False):
        try:
            metrics[unit] = float(value)
        except ValueError:
            return None  # not a result line after all (a benchmark's own output)
    if "ns/op" not in metrics:
        return None
    return Result(
        name=match.group(1),
        iterations=int(match.group(2)),
        ns_per_op=metrics.get("ns/op"),
        bytes_per_op=metrics.get("B/op"),
        allocs_per_op=metrics.get("allocs/op"),
    )


def parse(output: str) -> list[Result]:
    """Every result line in `go test -bench` output, in order."""
    return [r for r in map(parse_line, output.splitlines()) if r is not None]


def strip_procs(name: str, procs: int) -> str:
    """`BenchmarkX/case-2` -> `BenchmarkX/case` when the run had GOMAXPROCS=2.

    Go appends `-GOMAXPROCS` only when it is not 1, so the suffix is known exactly and a
    sub-benchmark that ends in digits of its own (`size-100`) keeps them.
    """
    suffix = f"-{procs}"
    if procs != 1 and name.endswith(suffix):
        return name[: -len(suffix)]
    return name


def anchored(names: list[str]) -> str:
    """A -test.bench regex that selects exactly these top-level benchmarks."""
    return "^(" + "|".join(re.escape(n) for n in sorted(names)) + ")$"


def save(path: Path, outputs: list[str]) -> Path:
    """Write the raw outputs of several runs into one benchstat-readable file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(o if o.endswith("\n") else o + "\n" for o in outputs))
    return path
