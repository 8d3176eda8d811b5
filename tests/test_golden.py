"""One runner for every golden case of every transform; a new case is a new file."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

from gocodemod import parsing
from gocodemod.gomod import find_module
from gocodemod.gotool import gofmt_diff, run_go
from tests.golden import Case, cases, run

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_golden(case: Case) -> None:
    source = case.path.read_bytes()
    assert not gofmt_diff(source), f"{case.path} itself is not gofmt-clean"
    output = run(case.transform, case.path)
    expected = case.golden.read_bytes() if case.golden.exists() else source
    assert output.decode() == expected.decode()
    # Idempotent: a second run over the rewritten code proposes nothing.
    assert run(case.transform, case.path, output) == output
    if not parsing.parse(source).root_node.has_error:
        assert not parsing.parse(output).root_node.has_error
    assert not gofmt_diff(output), f"output of {case.id} is not gofmt-clean"


def test_every_transform_has_cases() -> None:
    per_transform = defaultdict(int)
    for case in CASES:
        per_transform[case.transform] += 1
    assert per_transform, "no golden cases found"


def _go_line(case: Case) -> str:
    module = find_module(case.path.parent)
    version = module.go_version if module and module.go_version else (1, 16)
    return f"{version[0]}.{version[1]}"


def test_golden_outputs_build_and_vet(tmp_path: Path) -> None:
    """Every expected output (and unchanged input) compiles: go vet in scratch modules."""
    by_version: dict[str, list[Case]] = defaultdict(list)
    for case in CASES:
        by_version[_go_line(case)].append(case)
    failures = []
    for version, group in by_version.items():
        module = tmp_path / f"go{version}"
        module.mkdir()
        (module / "go.mod").write_text(f"module scratch\n\ngo {version}\n")
        for n, case in enumerate(group):
            package_dir = module / f"case{n}"
            package_dir.mkdir()
            target = case.golden if case.golden.exists() else case.path
            shutil.copyfile(target, package_dir / case.path.name)
        result = run_go(["vet", "./..."], cwd=module, timeout=600)
        if not result.ok:
            # Name each failing scratch package after its case (\b: case9 is not case97).
            ids = [c.id for c in group]
            text = re.sub(
                r"(?:\./|scratch/)case(\d+)\b/?",
                lambda m, ids=ids: f"{ids[int(m.group(1))]} :: ",
                result.stderr,
            )
            failures.append(text)
    assert not failures, "\n".join(failures)
