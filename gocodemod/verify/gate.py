"""The gate every rewrite passes before its benchmarks count: build, vet, the package's tests.

Each side of a comparison is one test binary compiled once with `go test -c` (the candidate
with `-overlay`); the gate runs that same binary's tests, so the binary that is measured is
the binary that was tested. `go vet` runs with the same overlay.

Failures are verdicts, not crashes: `does-not-build` (compile or vet error) and
`breaks-tests` (a test fails, or the binary times out), each with the first error line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gocodemod.verify.process import Finished, Processes, first_error

_FAILED_TEST = re.compile(r"^\s*--- FAIL: (\S+)")


@dataclass(frozen=True)
class Binary:
    """A compiled test binary, or why there is none."""

    path: Path | None
    failure: str | None = None
    """A compile error; None with no path means the package has no test files."""


def build(
    procs: Processes,
    package_dir: Path,
    output: Path,
    *,
    timeout: float,
    overlay: Path | None = None,
    cover: bool = False,
) -> Binary:
    """`go test -c` of the package in `package_dir` to `output`."""
    args = ["test", "-c", "-o", str(output)]
    if overlay is not None:
        args.append(f"-overlay={overlay}")
    if cover:
        args.append("-cover")
    result = procs.go([*args, "."], package_dir, timeout=timeout)
    if not result.ok:
        return Binary(None, first_error(result))
    # `go test -c` succeeds without writing anything when there are no _test.go files.
    return Binary(output if output.is_file() else None)


def vet(
    procs: Processes, package_dir: Path, *, timeout: float, overlay: Path | None = None
) -> str | None:
    """None when `go vet` is clean, else its first finding."""
    args = ["vet"]
    if overlay is not None:
        args.append(f"-overlay={overlay}")
    result = procs.go([*args, "."], package_dir, timeout=timeout)
    return None if result.ok else first_error(result)


def run_tests(procs: Processes, binary: Path, package_dir: Path, *, timeout: float) -> str | None:
    """Run the binary's tests (no benchmarks) as `go test` would; None when they pass."""
    result = procs.run(
        [str(binary), f"-test.timeout={timeout:.0f}s"], package_dir, timeout=timeout + 10
    )
    return None if result.ok else test_failure(result)


def test_failure(result: Finished) -> str:
    """`TestIDs: report_test.go:17: IDs(nil) = []int{}, want nil`, or the first error line."""
    if result.timed_out:
        return f"tests did not finish within {result.seconds:.0f}s"
    lines = (result.stdout + "\n" + result.stderr).splitlines()
    for index, line in enumerate(lines):
        match = _FAILED_TEST.match(line)
        if match is None:
            continue
        detail = next(
            (
                n.strip()
                for n in lines[index + 1 :]
                if n.strip() and not _FAILED_TEST.match(n) and n.strip() != "FAIL"
            ),
            "",
        )
        return f"{match.group(1)}: {detail}" if detail else f"{match.group(1)} failed"
    return first_error(result)
