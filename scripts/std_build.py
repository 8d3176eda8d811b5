"""Rewrite a dozen standard-library packages and prove they still build and vet.

For each package (a directory of GOROOT/src; subpackages are not included), runs the
transforms (all of them, default and off-by-default; or the `-t` ones) through the engine,
writes the rewritten files to a scratch directory, and runs `go build` and `go vet` on the
packages with `-overlay`, which maps each original file to its rewritten copy. GOROOT is
never written and never copied: the go command honours overlays for standard-library files
too (checked: a syntax error overlaid on strings/builder.go fails `go build strings`).

`go vet` is also run without the overlay when it fails with it, so a finding the original
package already has is not blamed on a rewrite. With `--test`, `go test -short` runs too.

    python scripts/std_build.py                       # the default dozen, every transform
    python scripts/std_build.py -t prealloc-slice     # one transform
    python scripts/std_build.py strings sort go/ast   # these packages

Prints the rewrites per transform and per package, and exits 1 when a package no longer
builds, vets or (with --test) passes its tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

from gocodemod import engine
from gocodemod.discovery import discover
from gocodemod.gotool import GoResult, goroot, run_go
from gocodemod.model import FileResult
from gocodemod.registry import catalogue, select

DEFAULT_PACKAGES = [
    "strings",
    "bytes",
    "fmt",
    "sort",
    "strconv",
    "encoding/json",
    "net/url",
    "text/template",
    "text/template/parse",
    "go/ast",
    "go/printer",
    "regexp/syntax",
    "archive/tar",
    "mime",
]


def analyse(packages: list[str], transform_ids: list[str] | None) -> list[FileResult]:
    """The engine's results for the files of exactly these package directories."""
    src = goroot() / "src"
    directories = {src / package for package in packages}
    missing = [d for d in directories if not d.is_dir()]
    if missing:
        raise SystemExit(f"not standard-library packages: {', '.join(map(str, missing))}")
    files = [p for p in discover(sorted(directories)).files if p.parent in directories]
    transforms = select(transform_ids) if transform_ids else list(catalogue().values())
    return list(engine.analyse_paths(files, transforms))


def write_overlay(results: list[FileResult], scratch: Path) -> Path:
    """Rewritten copies under `scratch` (same relative paths) and the overlay JSON naming them."""
    src = goroot() / "src"
    replace: dict[str, str] = {}
    for result in results:
        if result.rewritten is None:
            continue
        copy = scratch / "src" / result.path.relative_to(src)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(result.rewritten)
        replace[str(result.path)] = str(copy)
    overlay = scratch / "overlay.json"
    overlay.write_text(json.dumps({"Replace": replace}, indent=1))
    return overlay


def go(args: list[str], cwd: Path) -> GoResult:
    return run_go(args, cwd=cwd, timeout=1800)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("packages", nargs="*", help="import paths (default: a dozen)")
    parser.add_argument("-t", "--transform", action="append", help="only these transforms")
    parser.add_argument("--test", action="store_true", help="also run go test -short")
    parser.add_argument("--keep", type=Path, help="write the overlay here and keep it")
    args = parser.parse_args(argv)
    packages: list[str] = args.packages or DEFAULT_PACKAGES

    results = analyse(packages, args.transform)
    src = goroot() / "src"
    by_transform: Counter[str] = Counter()
    by_package: Counter[str] = Counter()
    problems = [str(e) for r in results for e in r.errors]
    for result in results:
        for rewrite in result.rewrites:
            by_transform[rewrite.transform] += 1
            by_package[result.path.parent.relative_to(src).as_posix()] += 1
    changed = sum(1 for r in results if r.rewritten is not None)
    total = sum(by_transform.values())
    print(f"{total} rewrites in {changed} files of {len(packages)} packages")
    for transform_id in args.transform or list(catalogue()):
        print(f"  {transform_id:20} {by_transform[transform_id]:5}")
    for package in packages:
        print(f"  {package:20} {by_package[package]:5}")
    for problem in problems:
        print(f"  file error: {problem}")

    with tempfile.TemporaryDirectory(prefix="std-build-") as tmp:
        scratch = args.keep or Path(tmp)
        scratch.mkdir(parents=True, exist_ok=True)
        overlay = write_overlay(results, scratch)
        # A module of our own as the working directory: std packages build from anywhere.
        (scratch / "go.mod").write_text("module stdbuild\n\ngo 1.21\n")
        flag = f"-overlay={overlay}"
        failed = False
        steps = [("build", ["build", flag, *packages]), ("vet", ["vet", flag, *packages])]
        if args.test:
            steps.append(("test", ["test", "-short", flag, *packages]))
        for label, command in steps:
            ran = go(command, scratch)
            if ran.ok:
                print(f"go {label}: ok")
                continue
            if label == "vet" and not go(["vet", *packages], scratch).ok:
                print("go vet: fails on the original packages too; not counted")
                continue
            failed = True
            print(f"go {label}: FAILED\n{ran.stderr}{ran.stdout}")
        if args.keep:
            print(f"overlay kept in {overlay}")
    if problems:
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
