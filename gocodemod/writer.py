"""Atomic writes: a file is either its old content or its new content, never half of each."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The file's mode is kept. Raises OSError (e.g. PermissionError for a read-only file or
    directory) without touching the original.
    """
    mode = stat.S_IMODE(path.stat().st_mode)
    if not os.access(path, os.W_OK):
        raise PermissionError(f"{path} is read-only")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".gocodemod", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        # KeyboardInterrupt included: the original is untouched until os.replace succeeds.
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
