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
    return name.endswith(".go") and not name.endswith("_test.go") and not name.startswith((".", "_"))


def discover(paths: list[Path], exclude: list[str] | None = None) -> Discovery:
    patterns = exclude or []
    result = Discovery()
    seen: set[Path] = set()

    def add(path: Path) -> None:
        if path not in seen and not _excluded(path, patterns):
            seen.add(path)
            result.files.append(path)

    for given in paths:
        if not given.exists() and not given.is_symlink():
            result.errors.append(FileError(given, "no such file or directory"))
            continue
        if given.is_file():
            if given.suffix != ".go":
                result.errors.append(FileError(given, "not a Go file"))
            else:
                add(given)
            continue
        if not given.is_dir():
            result.errors.append(FileError(given, "not a regular file or directory"))
            continue
        before = len(result.files)
        root = given.resolve()
        for dirpath, dirnames, filenames in os.walk(given, followlinks=False):
            current = Path(dirpath)
            dirnames[:] = sorted(
                d
                for d in dirnames
                if d not in SKIPPED_DIRS
                and not d.startswith((".", "_"))
                and not (current / d).is_symlink()
                and not _excluded(current / d, patterns)
            )
            for name in sorted(filenames):
                if not _is_candidate(name):
                    continue
                path = current / name
                if path.is_symlink():
                    target = path.resolve()
                    if not target.is_relative_to(root):
                        result.warnings.append(
                            FileError(path, f"symlink points outside the tree ({target}); skipped")
                        )
                        continue
                    if target in seen or target.is_relative_to(root):
                        continue  # the file is rewritten under its real name
                add(path)
        if len(result.files) == before:
            result.errors.append(FileError(given, "no Go files to rewrite here"))
    return result
