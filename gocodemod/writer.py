"""Atomic writes: a file is either its old content or its new content, never half of each."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

_ANY_WRITE = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The file's mode (and, where permitted, owner) is kept; a symlink is written through,
    not replaced. Raises OSError (PermissionError for a read-only file or directory)
    without touching the original, and leaves no temporary file behind, whatever
    interrupts it (KeyboardInterrupt included).
    """
    path = path.resolve()
    info = path.stat()
    mode = stat.S_IMODE(info.st_mode)
    # A rename needs only the directory to be writable, and root may write anything, so
    # the file's own permission is checked explicitly: read-only means "do not change me".
    if not mode & _ANY_WRITE or not os.access(path, os.W_OK):
        raise PermissionError(errno.EACCES, "file is read-only", str(path))
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".gocodemod", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        if (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp_name, info.st_uid, info.st_gid)
        os.replace(tmp_name, path)
    except BaseException:
        # The original is untouched until os.replace succeeds.
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
