"""The files a batch writes under --out, and the only way it writes them.

Every per-repository path is built here from a name that `repos.safe_name` produced and is
checked to sit directly in --out, so no repository list can make a job write elsewhere.
Files are replaced atomically (a temporary file in --out, then a rename): a rename replaces
a symlink planted at the destination rather than writing through it.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

DATABASE = "results.sqlite"
SUMMARY_MD = "summary.md"
SUMMARY_HTML = "summary.html"
BENCH_LOCKS = ".bench-locks"
"""Slot files that serialise timed benchmark runs per core across concurrent jobs."""


SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
"""What `repos.safe_name` produces (plus a hash suffix): no separator, no leading dot."""


class UnsafeName(ValueError):
    pass


def repo_output(out: Path, name: str, suffix: str) -> Path:
    """`out/<name><suffix>`, refusing any name outside the alphabet `repos` produces."""
    if not SAFE_NAME.fullmatch(name):
        raise UnsafeName(f"{name!r} is not a safe output name")
    path = out / f"{name}{suffix}"
    if path.parent != out:
        raise UnsafeName(f"{name!r} would leave {out}")
    return path


def patch_path(out: Path, name: str) -> Path:
    return repo_output(out, name, ".patch")


def evidence_path(out: Path, name: str) -> Path:
    return repo_output(out, name, ".json")


def bench_dir(out: Path, name: str) -> Path:
    return repo_output(out, name, ".bench")


def write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def remove(path: Path) -> None:
    """Remove a previous run's output; a symlink is unlinked, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def fresh_dir(path: Path) -> Path:
    """An empty directory at `path` (a previous run's contents removed)."""
    remove(path)
    path.mkdir()
    return path
