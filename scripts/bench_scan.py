"""How fast `gocodemod scan` reads a large tree: the Go standard library, by default.

Scans GOROOT/src with every transform (default and off-by-default ones, or the `-t` ones)
through the engine API on every core, exactly as `gocodemod scan` does (discovery, then
`engine.analyse_paths`), and compares it with

  (a) tree-sitter parsing the same files one after another in this process, and
  (b) `ast-grep run -p 'append($A, $B)' -l go` (PyPI ast-grep-cli) over the same files,
      and over the whole tree (test files, testdata and vendored code included).

Prints files/s, MB/s, wall and CPU seconds, and the ratios. The target (issue 2): the scan
takes at most 0.6 x ast-grep's wall time on 2 cores. Wall time depends on what else the
machine runs; CPU seconds (this process and its children) much less, so both are shown.

    python scripts/bench_scan.py                       # everything
    python scripts/bench_scan.py -t prealloc-slice     # one transform
    python scripts/bench_scan.py --per-transform       # CPU per transform, slowest packages
    python scripts/bench_scan.py --engine-only         # the engine's own cost, see below

`--engine-only` swaps every transform's `find` for one that proposes nothing, keeping their
PREFILTERs: the same files are read, prefiltered and parsed on the same cores, so the time
left is the engine's (discovery, reading, prefilters, parsing, process pool), and the rest
of a full scan's time is the transforms' own.

Not a test: nothing here asserts a duration.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gocodemod import engine, parsing, registry
from gocodemod.discovery import discover
from gocodemod.gotool import goroot
from gocodemod.model import Refusal, Rewrite
from gocodemod.registry import Transform, catalogue, select
from gocodemod.source import GoFile

AST_GREP_PATTERN = "append($A, $B)"


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0
    """User + system seconds of this process and every child it waited for."""


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


@contextmanager
def timed() -> Iterator[Timing]:
    timing = Timing()
    wall, cpu = time.perf_counter(), _cpu()
    yield timing
    timing.wall, timing.cpu = time.perf_counter() - wall, _cpu() - cpu


def ast_grep_binary() -> str | None:
    """The real binary: pyenv puts a shell shim named ast-grep on PATH."""
    found = shutil.which("ast-grep")
    if found is None:
        return None
    probe = (
        subprocess.run(["pyenv", "which", "ast-grep"], capture_output=True, text=True, check=False)
        if shutil.which("pyenv")
        else None
    )
    if probe is not None and probe.returncode == 0 and probe.stdout.strip():
        return probe.stdout.strip()
    return found


def run_ast_grep(binary: str, paths: list[Path]) -> tuple[Timing, int]:
    """Wall/CPU time and the number of matching files (`-l`... prints one line per match)."""
    with timed() as timing:
        proc = subprocess.run(
            [binary, "run", "-p", AST_GREP_PATTERN, "-l", "go", *map(str, paths)],
            capture_output=True,
            check=False,
        )
    if proc.returncode not in (0, 1):  # 1: no match
        raise SystemExit(f"ast-grep failed: {proc.stderr.decode(errors='replace')}")
    return timing, proc.stdout.count(b"\n")


def scan(files: list[Path], transforms: list[Transform], jobs: int | None) -> tuple[Timing, str]:
    rewrites = refusals = errors = 0
    with timed() as timing:
        for result in engine.analyse_paths(files, transforms, jobs=jobs):
            rewrites += len(result.rewrites)
            refusals += len(result.refusals)
            errors += len(result.errors)
    return timing, f"{rewrites} rewrites, {refusals} refusals, {errors} file errors"


def parse_all(files: list[Path]) -> Timing:
    with timed() as timing:
        for path in files:
            parsing.parse(path.read_bytes())
    return timing


def per_transform(files: list[Path], transforms: list[Transform], top: int) -> None:
    """CPU seconds of each transform alone, in this process, and its slowest packages."""
    groups = engine._by_directory(files)
    src = goroot() / "src"
    for transform in transforms:
        slowest: list[tuple[float, str]] = []
        with timed() as total:
            for group in groups:
                start = time.process_time()
                engine.analyse_package(group, [transform.id])
                slowest.append((time.process_time() - start, str(group[0].parent.relative_to(src))))
        slowest.sort(reverse=True)
        worst = ", ".join(f"{name} {seconds:.1f}s" for seconds, name in slowest[:top])
        print(f"{transform.id:16} {total.cpu:7.1f}s CPU   slowest: {worst}", flush=True)


def find_nothing(file: GoFile) -> Iterator[Rewrite | Refusal]:
    return iter(())


def engine_only(transforms: list[Transform]) -> list[Transform]:
    """The same transforms with a `find` that proposes nothing (PREFILTERs kept).

    Worker processes look transforms up by id in the catalogue: it is replaced here, before
    the pool forks, so they see these too.
    """
    hollow = [dataclasses.replace(t, find=find_nothing) for t in transforms]
    by_id = {t.id: t for t in hollow}
    registry.catalogue = lambda: by_id  # type: ignore[assignment]
    return hollow


def row(label: str, timing: Timing, n_files: int, megabytes: float) -> str:
    return (
        f"{label:44} {timing.wall:7.2f}s wall {timing.cpu:7.2f}s CPU "
        f"{n_files / timing.wall:8.0f} files/s {megabytes / timing.wall:6.1f} MB/s"
    )


def ratio(label: str, ours: Timing, theirs: Timing) -> str:
    return f"{label:44} {ours.wall / theirs.wall:6.2f}x wall  {ours.cpu / theirs.cpu:6.2f}x CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=None, help="tree to scan (GOROOT/src)")
    parser.add_argument("-t", "--transform", action="append", help="only these transforms")
    parser.add_argument("-j", "--jobs", type=int, default=None, help="processes (every core)")
    parser.add_argument("--per-transform", action="store_true", help="CPU per transform")
    parser.add_argument("--top", type=int, default=3, help="slowest packages to name")
    parser.add_argument("--engine-only", action="store_true", help="transforms find nothing")
    args = parser.parse_args(argv)

    src: Path = args.src or goroot() / "src"
    transforms = select(args.transform) if args.transform else list(catalogue().values())
    if args.engine_only:
        transforms = engine_only(transforms)
    with timed() as discovery:
        files = discover([src]).files
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    every_go = sorted(src.rglob("*.go"))
    every_megabytes = sum(p.stat().st_size for p in every_go) / 1e6
    print(f"tree: {src}")
    print(f"  {len(every_go)} .go files, {every_megabytes:.1f} MB in all")
    print(
        f"  {len(files)} files, {megabytes:.1f} MB that gocodemod may rewrite "
        f"(no _test.go, testdata/, vendor/, _ or . dirs); discovery {discovery.wall:.2f}s"
    )
    hollow = " (engine only: their find() proposes nothing)" if args.engine_only else ""
    print(f"  transforms: {', '.join(t.id for t in transforms)}{hollow}")
    print(f"  cores: {os.cpu_count()}, jobs: {args.jobs or os.cpu_count()}")
    print()

    if args.per_transform:
        per_transform(files, transforms, args.top)
        return 0

    ours, counts = scan(files, transforms, args.jobs)
    label = "gocodemod scan, engine only" if args.engine_only else "gocodemod scan (every core)"
    print(row(label, ours, len(files), megabytes))
    print(f"{'':44} {counts}")
    parse = parse_all(files)
    print(row("tree-sitter parse, 1 thread, same files", parse, len(files), megabytes))
    binary = ast_grep_binary()
    comparisons: list[tuple[str, Timing]] = [("vs tree-sitter parse (same files)", parse)]
    if binary is None:
        print("ast-grep not found: pip install ast-grep-cli")
    else:
        same, same_hits = run_ast_grep(binary, files)
        print(row(f"ast-grep '{AST_GREP_PATTERN}', same files", same, len(files), megabytes))
        whole, whole_hits = run_ast_grep(binary, [src])
        print(
            row(f"ast-grep '{AST_GREP_PATTERN}', whole tree", whole, len(every_go), every_megabytes)
        )
        print(f"{'':44} {same_hits} / {whole_hits} matches")
        comparisons += [("vs ast-grep (same files)", same), ("vs ast-grep (whole tree)", whole)]
    print()
    for label, theirs in comparisons:
        print(ratio(f"scan time {label}", ours, theirs))
    print("target: at most 0.60x ast-grep's wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
