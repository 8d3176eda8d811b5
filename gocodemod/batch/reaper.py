"""Killing a job's whole process tree, including children that left its process group.

Killing a job's process group is not enough: verification starts every go command and test
binary in a session of its own (so that a terminal's Ctrl-C does not reach them half-way),
and a test binary may start daemons of its own. Those processes are still the job's
descendants, though, until their parent dies — so the tree is walked (psutil) and frozen
before anything in it is killed, and then everything is killed at once. A job must never
leave a hung test binary running after its batch.
"""

from __future__ import annotations

import contextlib
import os
import signal

import psutil


def _signal_group(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signum)


def _tree(pid: int) -> list[psutil.Process]:
    try:
        children: list[psutil.Process] = psutil.Process(pid).children(recursive=True)
        return children
    except psutil.Error:
        return []


def kill_tree(pid: int, *, include_root: bool = True) -> None:
    """SIGKILL `pid`'s descendants, their process groups, and (if asked) `pid`'s group.

    The root's group is stopped first, so nothing in it can start another child between
    the walk of the tree and the kill; then every process found is killed.
    """
    if include_root:
        _signal_group(pid, signal.SIGSTOP)
    for _ in range(3):  # a second pass catches what was started while the first ran
        descendants = _tree(pid)
        for child in descendants:
            with contextlib.suppress(psutil.Error):
                child.send_signal(signal.SIGSTOP)
        for child in descendants:
            with contextlib.suppress(psutil.Error, OSError):
                if child.pid == os.getpgid(child.pid):
                    _signal_group(child.pid, signal.SIGKILL)
                child.kill()
        if not descendants:
            break
    if include_root:
        _signal_group(pid, signal.SIGKILL)


def kill_own_descendants() -> None:
    """What a job calls as it ends: nothing it started may outlive it."""
    kill_tree(os.getpid(), include_root=False)
