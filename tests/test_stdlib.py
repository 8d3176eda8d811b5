"""Robustness on real code nobody here wrote: every transform over the Go standard library.

Runs every transform in the catalogue (default and off-by-default ones) over every file of
GOROOT/src that gocodemod may rewrite, through `engine.analyse_paths` on every core, as
`gocodemod scan`/`rewrite` do, and checks:

- no transform raised (the engine turns an exception into an "internal error" file error);
- no rewrite was dropped (a dropped rewrite is one whose output did not parse, overlapped
  another, or had malformed edits: always a transform bug);
- no rewritten file has a tree-sitter error its original lacked;
- every rewritten file is gofmt-clean (when its original was).

Each transform runs on its own (so a failure names it) and then all of them together (so
rewrites of different transforms in one file are checked together). A transform that
proposes nothing yet passes vacuously; the summary printed with `-s` says how many rewrites
each proposed, so it is visible when one starts to bite.

Each scan runs in a child process (its own process group) with a generous hang guard of
SCAN_LIMIT seconds: not a speed check (the scan takes well under a minute of CPU), but a
transform that goes quadratic on a big package must fail this test, not eat CI's 90 minutes.
That the rewritten packages still build is `scripts/std_build.py`'s job (and
`test_rewritten_std_packages_build_and_vet` for a few packages).
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from gocodemod import engine, parsing
from gocodemod.discovery import discover
from gocodemod.gotool import gofmt_binary, goroot
from gocodemod.model import FileResult
from gocodemod.registry import catalogue

pytestmark = pytest.mark.slow


def gofmt_unclean(files: dict[str, bytes], directory: Path) -> set[str]:
    """Which of `files` (name -> content) gofmt would change: one gofmt run for all."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / name).write_bytes(content)
    if not files:
        return set()
    listed = subprocess.run(
        [str(gofmt_binary()), "-l", "."], cwd=directory, capture_output=True, text=True,
        check=False, timeout=600,
    )  # fmt: skip
    assert not listed.stderr, listed.stderr
    return {Path(line).name for line in listed.stdout.split()}


SCAN_LIMIT = 600


def scan_in_child(transform_ids: list[str], out: Path) -> None:
    """The child's work: discover GOROOT/src, analyse on every core, pickle the results."""
    files = discover([goroot() / "src"]).files
    transforms = [catalogue()[i] for i in transform_ids]
    results = list(engine.analyse_paths(files, transforms))
    out.write_bytes(pickle.dumps((len(files), results)))


def scan(transform_ids: list[str], out: Path) -> tuple[int, list[FileResult]]:
    child = subprocess.Popen(
        [sys.executable, __file__, str(out), *transform_ids],
        start_new_session=True,  # its process pool shares the group: killed together
    )
    try:
        returncode = child.wait(timeout=SCAN_LIMIT)
    except subprocess.TimeoutExpired:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        pytest.fail(
            f"scanning the standard library with {', '.join(transform_ids)} did not finish in "
            f"{SCAN_LIMIT}s (it takes under a minute): a transform is stuck or quadratic; "
            "scripts/bench_scan.py --per-transform names the slow package"
        )
    assert returncode == 0, f"the scan crashed (exit {returncode}); see the captured stderr"
    files, results = pickle.loads(out.read_bytes())
    return files, results


RUNS = [[transform_id] for transform_id in catalogue()] + [list(catalogue())]


@pytest.mark.parametrize("transform_ids", RUNS, ids=[" + ".join(r) if len(r) == 1 else "all"
                                                     for r in RUNS])  # fmt: skip
def test_transforms_over_the_standard_library(transform_ids: list[str], tmp_path: Path) -> None:
    src = goroot() / "src"
    n_files, results = scan(transform_ids, tmp_path / "results.pickle")
    assert n_files > 3000, f"only {n_files} files found under {src}"
    transforms = [catalogue()[i] for i in transform_ids]

    failures: list[str] = []
    parse_failures: list[str] = []
    per_transform: Counter[str] = Counter({t.id: 0 for t in transforms})
    refusals: Counter[str] = Counter()
    before: dict[str, bytes] = {}
    after: dict[str, bytes] = {}
    for result in results:
        for error in result.errors:
            if "does not parse" in error.reason:
                parse_failures.append(str(error))  # tree-sitter-go's limits, not ours
            else:
                failures.append(f"{error}")
        for refusal in result.refusals:
            refusals[refusal.transform] += 1
        for rewrite in result.rewrites:
            per_transform[rewrite.transform] += 1
        if result.rewritten is None:
            continue
        assert result.original is not None
        if not parsing.parse(result.original).root_node.has_error:
            error = parsing.first_error(parsing.parse(result.rewritten).root_node)
            if error is not None:
                failures.append(
                    f"{result.path}: rewritten file does not parse at "
                    f"{error.start_point[0] + 1}:{error.start_point[1] + 1}"
                )
        name = result.path.relative_to(src).as_posix().replace("/", "__")
        before[name], after[name] = result.original, result.rewritten

    unclean_before = gofmt_unclean(before, tmp_path / "before")
    unclean_after = gofmt_unclean(after, tmp_path / "after")
    for name in sorted(unclean_after - unclean_before):
        failures.append(f"{name.replace('__', '/')}: rewritten file is not gofmt-clean")

    summary = ", ".join(f"{t}: {n} rewrites / {refusals[t]} refusals"
                        for t, n in per_transform.items())  # fmt: skip
    print(
        f"\nstandard library: {n_files} files, {len(after)} rewritten; {summary}; "
        f"{len(parse_failures)} files tree-sitter cannot parse"
    )
    # tree-sitter-go parses the standard library; a handful of failures would be its bugs,
    # hundreds would mean discovery or loading is broken.
    assert len(parse_failures) < 10, "\n".join(parse_failures)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures[:50])


REPO = Path(__file__).resolve().parent.parent
# Small packages that today's transforms rewrite (strconv, go/ast, mime, archive/tar) and
# two they may rewrite as they grow; few enough dependants to build in well under a minute.
STD_BUILD_PACKAGES = ["strconv", "go/ast", "mime", "archive/tar", "sort", "net/url"]


def test_rewritten_std_packages_build_and_vet() -> None:
    """scripts/std_build.py on a few packages: the rewritten code builds and vets."""
    ran = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "std_build.py"), *STD_BUILD_PACKAGES],
        capture_output=True, text=True, check=False, timeout=1200,
    )  # fmt: skip
    print(ran.stdout)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "go build: ok" in ran.stdout and "go vet: ok" in ran.stdout
    assert f"of {len(STD_BUILD_PACKAGES)} packages" in ran.stdout


if __name__ == "__main__":
    scan_in_child(sys.argv[2:], Path(sys.argv[1]))
