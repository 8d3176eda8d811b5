"""One timed benchmark per core across processes: flock on a slot file per core.

Within one verification, timed runs already happen one at a time. Batch runs several
verifications at once in separate processes; they share `VerifyOptions.bench_lock_dir`,
and each timed run holds an exclusive `fcntl.flock` on one of os.cpu_count() slot files
there, so no more benchmarks are timed at once than there are cores.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def timing_slot(lock_dir: Path | None) -> Iterator[None]:
    """Hold a free slot for the duration (no-op without a lock directory)."""
    if lock_dir is None:
        yield
        return
    lock_dir.mkdir(parents=True, exist_ok=True)
    slots = os.cpu_count() or 1
    fd = _try_any(lock_dir, slots)
    if fd is None:
        # Every slot is busy: queue on one; the kernel wakes us when it is released.
        fd = os.open(lock_dir / f"slot{os.getpid() % slots}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _try_any(lock_dir: Path, slots: int) -> int | None:
    for index in range(slots):
        fd = os.open(lock_dir / f"slot{index}.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        return fd
    return None
