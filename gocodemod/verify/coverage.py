"""Which benchmarks execute a rewrite's lines: coverage of each benchmark run once.

One `-cover` test binary per package; each benchmark runs alone for a single iteration
(`-test.benchtime=1x -test.coverprofile=...`), and its profile says which source blocks ran.
A profile names files by import path (`example.com/report/report.go`), so the package's
import path — module path from go.mod plus the directory — maps them back to files.

A rewrite is covered by a benchmark when a block with a non-zero count overlaps
`Rewrite.lines` (1-based lines of the original file). Only those benchmarks are measured;
a rewrite no benchmark covers is `unverified`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from gocodemod.model import Rewrite
from gocodemod.verify.gate import Binary, build
from gocodemod.verify.packages import PackageUnderTest
from gocodemod.verify.process import Processes, first_error

# file:startLine.startCol,endLine.endCol numberOfStatements count
_BLOCK = re.compile(r"^(.+):(\d+)\.\d+,(\d+)\.\d+ \d+ (\d+)$")


@dataclass
class Coverage:
    benchmarks: list[str] = field(default_factory=list)
    """Every top-level benchmark of the package, in source order."""
    executed: dict[str, dict[str, set[int]]] = field(default_factory=dict)
    """Benchmark -> file name -> lines of blocks it executed."""
    problems: list[str] = field(default_factory=list)
    """Benchmarks left out (they hung or failed), one line each."""
    failure: str | None = None
    """Why there is no coverage at all (the cover binary did not build)."""

    def covering(self, rewrite: Rewrite) -> list[str]:
        lines = set(rewrite.lines) or {rewrite.line}
        name = rewrite.path.name
        return [b for b in self.benchmarks if lines & self.executed.get(b, {}).get(name, set())]


def parse_profile(text: str, import_path: str) -> dict[str, set[int]]:
    """File name -> lines executed, for the files directly in package `import_path`."""
    prefix = import_path + "/"
    executed: dict[str, set[int]] = defaultdict(set)
    for line in text.splitlines():
        match = _BLOCK.match(line)
        if match is None or int(match.group(4)) == 0:
            continue
        file = match.group(1)
        if not file.startswith(prefix) or "/" in file[len(prefix) :]:
            continue  # another package's file
        executed[file[len(prefix) :]].update(range(int(match.group(2)), int(match.group(3)) + 1))
    return dict(executed)


def list_benchmarks(procs: Processes, binary: Path, cwd: Path, timeout: float) -> list[str]:
    listed = procs.run([str(binary), "-test.list=^Benchmark"], cwd, timeout=timeout)
    return [n.strip() for n in listed.stdout.splitlines() if n.startswith("Benchmark")]


def collect(
    procs: Processes, package: PackageUnderTest, workdir: Path, *, timeout: float
) -> Coverage:
    """Build the package's cover binary and run each benchmark once under coverage."""
    workdir.mkdir(parents=True, exist_ok=True)
    binary: Binary = build(
        procs, package.directory, workdir / "cover.test", timeout=timeout, cover=True
    )
    if binary.failure is not None:
        return Coverage(failure=f"the -cover test binary does not build: {binary.failure}")
    coverage = Coverage()
    if binary.path is None:
        return coverage  # no _test.go files: no benchmarks
    coverage.benchmarks = list_benchmarks(procs, binary.path, package.directory, timeout)
    for index, name in enumerate(coverage.benchmarks):
        profile = workdir / f"bench{index}.cover"
        gocoverdir = workdir / f"bench{index}.covdata"
        gocoverdir.mkdir(exist_ok=True)
        ran = procs.run(
            [
                str(binary.path),
                "-test.run=^$",
                f"-test.bench=^{re.escape(name)}$",
                "-test.benchtime=1x",
                f"-test.coverprofile={profile}",
                f"-test.gocoverdir={gocoverdir}",
            ],
            package.directory,
            timeout=timeout,
        )
        if ran.timed_out:
            coverage.problems.append(
                f"{package.label}: {name} did not finish one iteration within "
                f"{timeout:g}s under coverage; left out"
            )
            continue
        if not ran.ok:
            coverage.problems.append(
                f"{package.label}: {name} fails on the unmodified code: {first_error(ran)}; "
                "left out"
            )
            continue
        if profile.is_file():
            coverage.executed[name] = parse_profile(profile.read_text(), package.import_path)
    return coverage
