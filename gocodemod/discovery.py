"""Finding the Go files a run may rewrite.

Skipped like the go command skips them: `vendor/`, `testdata/`, directories starting with
`.` or `_`; and `_test.go` files, which are measured, never rewritten. Generated files are
recognised by their header when read (see `is_generated`). Symlinks are never followed out
of the tree they were found in.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from gocodemod.model import FileError

SKIPPED_DIRS = frozenset({"vendor", "testdata"})
_GENERATED = re.compile(rb"^// Code generated .* DO NOT EDIT\.\r?$", re.MULTILINE)


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    """Problems with the paths given on the command line (a usage/input error: exit 2)."""
    warnings: list[FileError] = field(default_factory=list)
    """Problems with files found inside a tree (reported; the run goes on)."""


def is_generated(source: bytes) -> bool:
    """Go's convention: the marker line appears before the package clause."""
    source = source.removeprefix(b"\xef\xbb\xbf")
    package = re.search(rb"^package\s", source, re.MULTILINE)
    header = source[: package.start()] if package else source
    return _GENERATED.search(header) is not None


def _excluded(path: Path, patterns: list[str]) -> bool:
    text = path.as_posix()
    return any(
        fnmatch.fnmatch(text, p) or fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(text, f"*/{p}")
        for p in patterns
    )


def _is_candidate(name: str) -> bool:
    return (
        name.endswith(".go") and not name.endswith("_test.go") and not name.startswith((".", "_"))
    )


def _outside(link: Path, root: Path) -> Path | None:
    """The target of symlink `link` when it lies outside `root` (else None)."""
    target = link.resolve()
    return None if target.is_relative_to(root) else target


def discover(paths: list[Path], exclude: list[str] | None = None) -> Discovery:
    patterns = exclude or []
    result = Discovery()
    seen: set[Path] = set()
    found = 0  # candidates under the current command-line path, duplicates included

    def add(path: Path) -> None:
        nonlocal found
        if _excluded(path, patterns):
            return
        found += 1
        real = path.resolve()
        if real not in seen:  # `gocodemod rewrite . ./pkg` lists each file once
            seen.add(real)
            result.files.append(path)

    for given in paths:
        if not given.exists() and not given.is_symlink():
            result.errors.append(FileError(given, "no such file or directory"))
            continue
        if given.is_symlink() and not given.exists():
            result.errors.append(FileError(given, "broken symlink"))
            continue
        if given.is_file():
            if given.suffix != ".go":
                result.errors.append(FileError(given, "not a Go file"))
            elif given.name.endswith("_test.go"):
                result.errors.append(
                    FileError(given, "a test file: tests measure rewrites, they are not rewritten")
                )
            else:
                add(given)
            continue
        if not given.is_dir():
            result.errors.append(FileError(given, "not a regular file or directory"))
            continue
        found = 0
        root = given.resolve()
        for dirpath, dirnames, filenames in os.walk(given, followlinks=False):
            current = Path(dirpath)
            kept_dirs = []
            for name in sorted(dirnames):
                directory = current / name
                if name in SKIPPED_DIRS or name.startswith((".", "_")):
                    continue
                if _excluded(directory, patterns):
                    continue
                if directory.is_symlink():
                    # Never followed: inside the tree it is walked under its real name.
                    target = _outside(directory, root)
                    if target is not None:
                        result.warnings.append(
                            FileError(
                                directory, f"symlink points outside the tree ({target}); skipped"
                            )
                        )
                    continue
                kept_dirs.append(name)
            dirnames[:] = kept_dirs
            for name in sorted(filenames):
                if not _is_candidate(name):
                    continue
                path = current / name
                if path.is_symlink():
                    target = _outside(path, root)
                    if target is not None:
                        result.warnings.append(
                            FileError(path, f"symlink points outside the tree ({target}); skipped")
                        )
                    # Inside the tree, the file is rewritten under its real name.
                    continue
                add(path)
        if not found:
            result.errors.append(FileError(given, "no Go files to rewrite here"))
    return result
