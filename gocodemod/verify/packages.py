"""The unit verification works in: one Go package (a directory) and its proposed rewrites."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gocodemod.gomod import Module, find_module
from gocodemod.model import FileResult, Rewrite


@dataclass
class PackageUnderTest:
    """A directory whose files have rewrites, in the module that builds it."""

    directory: Path
    """Resolved, so overlay paths and the go command's paths agree."""
    module: Module
    results: dict[Path, FileResult]

    @property
    def rewrites(self) -> list[Rewrite]:
        found = [r for result in self.results.values() for r in result.rewrites]
        return sorted(found, key=lambda r: (str(r.path), r.line, r.column))

    @property
    def import_path(self) -> str:
        """What coverage profiles name the package by: module path + directory."""
        relative = self.directory.relative_to(self.module.root).as_posix()
        return self.module.path if relative == "." else f"{self.module.path}/{relative}"

    @property
    def label(self) -> str:
        return self.import_path


def group_packages(
    results: Sequence[FileResult],
) -> tuple[list[PackageUnderTest], list[tuple[Rewrite, str]]]:
    """Packages with rewrites, in path order; rewrites outside any module cannot be built."""
    by_dir: dict[Path, dict[Path, FileResult]] = defaultdict(dict)
    for result in results:
        if result.rewrites:
            by_dir[result.path.parent.resolve()][result.path] = result
    packages = []
    homeless: list[tuple[Rewrite, str]] = []
    for directory in sorted(by_dir):
        module = find_module(directory)
        if module is None or not module.path:
            homeless.extend(
                (r, "not in a Go module (no go.mod above it): cannot be built to verify")
                for result in by_dir[directory].values()
                for r in result.rewrites
            )
            continue
        packages.append(PackageUnderTest(directory, module, by_dir[directory]))
    return packages, homeless
