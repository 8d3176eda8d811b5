"""Ctrl-C in the middle of `gocodemod rewrite --verify`: the tree is untouched, nothing leaks.

The command runs as a subprocess on a copy of the example module, with its own TMPDIR so
the test can see verification's scratch space. Once a candidate binary exists there
(measurement starting, other builds under way), the test sends SIGINT, then checks the
exit code, every file's hash, that the scratch space is gone, and that no go or
test-binary process of the run survived.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def processes_mentioning(text: str) -> list[str]:
    """Command lines of live processes that mention `text` (their binary or arguments)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline:
            found.append(cmdline)
    return found


def wait_for(condition: str, scratch: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if list(scratch.glob(condition)):
            return
        time.sleep(0.05)
    raise AssertionError(f"{condition} never appeared in {scratch}")


def test_sigint_mid_run_leaves_the_tree_and_the_machine_as_they_were(tmp_path: Path) -> None:
    module = tmp_path / "example"
    shutil.copytree(GOLDEN / "example", module)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    before = tree_hashes(module)
    stdout, stderr = tmp_path / "stdout", tmp_path / "stderr"
    with stdout.open("w") as out, stderr.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gocodemod", "rewrite", "--verify", str(module)],
            stdout=out,
            stderr=err,
            env={**os.environ, "TMPDIR": str(scratch)},
        )
        try:
            # A built candidate binary: from then on benchmarks are timed while the other
            # candidates build.
            wait_for(
                "gocodemod-verify-*/pkg0/rewrite*/candidate.test", scratch, time.monotonic() + 300
            )
            proc.send_signal(signal.SIGINT)
            code = proc.wait(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert code == 130, stderr.read_text()
    assert "gocodemod: interrupted: no file was changed" in stderr.read_text()
    assert stdout.read_text() == ""
    assert tree_hashes(module) == before
    assert list(scratch.glob("gocodemod-verify-*")) == []
    assert processes_mentioning(str(scratch)) == []
