"""How value-receiver and value-struct fare over a Go tree (by default GOROOT/src).

Runs each transform over every discoverable file, then prints per transform how many sites
it rewrites and how many it refuses, by reason (reasons are grouped by their wording, with
the names of types, methods and files taken out). It also checks what the issue promises
for real code nobody here wrote: no crash, no rewritten file that fails to parse, and every
rewritten file gofmt-clean when its original was.

    python scripts/value_stats.py                  # GOROOT/src, both transforms
    python scripts/value_stats.py PATH -t value-receiver --examples 2
    python scripts/value_stats.py -t value-receiver --build 12   # + build and vet 12 packages

With `--build N`, N of the rewritten packages are built and vetted with their rewrites laid
over the originals (`go build -overlay`, `go vet -overlay`): the tree itself is never written.

value-struct runs the Go compiler (`go build -gcflags=-m`) for each package with a
candidate, so over the whole standard library it takes minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from gocodemod import engine, parsing
from gocodemod.discovery import discover
from gocodemod.gotool import gofmt_diff, goroot, run_go
from gocodemod.model import FileResult
from gocodemod.registry import select

TRANSFORMS = ("value-receiver", "value-struct")

# Reason wording -> group. The first pattern that matches names the group.
GROUPS: list[tuple[str, str]] = [
    (r"escape analysis unavailable", "escape analysis unavailable"),
    (r"does not escape", "compiler: does not escape already"),
    (r"reports nothing about it", "compiler: no report for the allocation"),
    (r"every call is inlined", "compiler: inlined, on the stack already"),
    (r"moves .* to the heap", "compiler: moved to heap after rewrite"),
    (r"refused after rewriting", "rewritten package does not build"),
    (r"is generic", "generic type"),
    (r"declared more than once", "declared more than once (build tags)"),
    (r"does not parse", "a package file does not parse"),
    (r"holds .*(sync|atomic|noCopy)", "holds a lock/atomic/noCopy"),
    (r"over the \d+-byte limit", "too large"),
    (r"size of .* is unknown", "unknown size"),
    (r"look for on values", "dynamically discovered method (String, Error, ...)"),
    (r"asserts an interface", "package asserts an interface with the method"),
    (r"copied too early", "method value / defer / go binds the receiver"),
    (r"is embedded in", "embedded in another struct"),
    (r"are exported: other packages", "exported type and method"),
    (r"generated file", "method in a generated file"),
    (r"go:linkname", "named in //go:linkname"),
    (r"no body", "method without body (assembly)"),
    (r"does not use its receiver", "receiver unused (nil *T calls)"),
    (r"captures its receiver|captured by a closure", "captured by a closure"),
    (r"assigns to|changes .* \((in|de)crement\)", "mutates the receiver/struct"),
    (r"takes the address|address of .* is taken|slices ", "takes an address"),
    (r"calls pointer method|calls a pointer method", "calls a pointer method on a part"),
    (r"returns its receiver|is returned|the result is returned", "returned"),
    (r"passes its receiver|is passed|the result is passed", "passed to a function"),
    (r"compares its receiver|is compared", "compared"),
    (r"stores its receiver|is stored|declares a pointer", "stored / kept as a pointer"),
    (r"is reassigned", "reassigned"),
    (r"dereferences|is dereferenced", "dereferenced"),
    (r"method value", "used as a method value"),
    (r"used as a function value", "constructor used as a function value"),
    (r"it is exported", "exported constructor"),
    (r"returns something other than", "constructor returns other than &T{...}"),
    (r"not a struct declared once", "not a package struct"),
    (r"cannot be resolved|whose type cannot", "field or method not resolved"),
    (r"declared again|names something else", "name declared twice"),
    (r"used as a value|uses its receiver as a value", "other bare use"),
]


def group_of(reason: str) -> str:
    return next((name for pattern, name in GROUPS if re.search(pattern, reason)), "other")


GOOS_SUFFIXES = frozenset(
    [
        "aix",
        "android",
        "darwin",
        "dragonfly",
        "freebsd",
        "illumos",
        "ios",
        "js",
        "linux",
        "netbsd",
        "openbsd",
        "plan9",
        "solaris",
        "wasip1",
        "windows",
    ]
)


def target_os(results: list[FileResult]) -> dict[str, str]:
    """GOOS for a file named `x_windows.go`, so packages for other systems are checked too."""
    for result in results:
        stem = result.path.stem.split("_")
        if len(stem) > 1 and stem[-1] in GOOS_SUFFIXES:
            return {"GOOS": stem[-1]}
        if len(stem) > 2 and stem[-2] in GOOS_SUFFIXES:
            return {"GOOS": stem[-2], "GOARCH": stem[-1]}
    return {}


def build_and_vet(directory: Path, results: list[FileResult]) -> str:
    """ "" when the package builds and vets with its rewrites, else the first error."""
    with tempfile.TemporaryDirectory(prefix="value-stats-") as scratch:
        replace = {}
        for n, result in enumerate(results):
            assert result.rewritten is not None
            copy = Path(scratch) / f"{n}_{result.path.name}"
            copy.write_bytes(result.rewritten)
            replace[str(result.path.resolve())] = str(copy)
        overlay = Path(scratch) / "overlay.json"
        overlay.write_text(json.dumps({"Replace": replace}))
        for command in (["build", "-o", os.devnull], ["vet"]):
            done = run_go(
                [*command, f"-overlay={overlay}", "."],
                cwd=directory,
                env=target_os(results),
                timeout=900,
            )
            if not done.ok:
                return f"go {command[0]}: {done.first_error()}"
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="default: GOROOT/src")
    parser.add_argument("-t", "--transform", action="append", choices=TRANSFORMS)
    parser.add_argument("--examples", type=int, default=0, help="sample reasons per group")
    parser.add_argument("-j", "--jobs", type=int, default=None)
    parser.add_argument("--build", type=int, default=0, metavar="N", help="build+vet N packages")
    args = parser.parse_args(argv)
    paths = args.paths or [goroot() / "src"]
    console = Console()
    found = discover(paths)
    console.print(f"{len(found.files)} files under {', '.join(map(str, paths))}")
    problems = 0
    for transform_id in args.transform or TRANSFORMS:
        started = time.monotonic()
        rewrites = 0
        files_rewritten = 0
        refusals: Counter[str] = Counter()
        examples: dict[str, list[str]] = defaultdict(list)
        examples_key = "rewritten"
        by_directory: dict[Path, list[FileResult]] = defaultdict(list)
        transforms = select([transform_id])
        for result in engine.analyse_paths(found.files, transforms, jobs=args.jobs):
            for error in result.errors:
                if "dropped" in error.reason:
                    problems += 1
                    console.print(f"[red]dropped[/red] {error}", markup=True)
            for refusal in result.refusals:
                group = group_of(refusal.reason)
                refusals[group] += 1
                if len(examples[group]) < args.examples:
                    examples[group].append(f"{refusal.path}:{refusal.line}: {refusal.reason}")
            if result.rewritten is None or result.original is None:
                continue
            for rewrite in result.rewrites[: max(0, args.examples - len(examples[examples_key]))]:
                examples[examples_key].append(f"{rewrite.path}:{rewrite.line}: {rewrite.message}")
            rewrites += len(result.rewrites)
            files_rewritten += 1
            by_directory[result.path.parent].append(result)
            if parsing.parse(result.rewritten).root_node.has_error:
                problems += 1
                console.print(f"[red]does not parse after rewrite[/red] {result.path}")
            if not gofmt_diff(result.original) and gofmt_diff(result.rewritten):
                problems += 1
                console.print(f"[red]not gofmt-clean after rewrite[/red] {result.path}")
        table = Table(title=f"{transform_id}: candidates and refusals")
        table.add_column("outcome")
        table.add_column("sites", justify="right")
        table.add_row("rewritten", str(rewrites))
        for group, count in refusals.most_common():
            table.add_row(f"refused: {group}", str(count))
        table.add_row("candidates (rewritten + refused)", str(rewrites + sum(refusals.values())))
        console.print(table)
        console.print(
            f"{rewrites} rewrites in {files_rewritten} files, "
            f"{sum(refusals.values())} refusals, {time.monotonic() - started:.0f}s"
        )
        for directory in sorted(by_directory)[: args.build]:
            failure = build_and_vet(directory, by_directory[directory])
            problems += bool(failure)
            verdict = f"[red]{failure}[/red]" if failure else "[green]builds and vets[/green]"
            console.print(f"{directory}: {len(by_directory[directory])} files: {verdict}")
        for group, lines in examples.items():
            if not lines:
                continue
            console.print(f"[bold]{group}[/bold]")
            for line in lines:
                console.print(f"  {line}", markup=False)
    console.print(f"problems (dropped, unparseable or non-gofmt output): {problems}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
