"""Writing rewrites back: atomic, mode-keeping, BOM- and CRLF-preserving, interruptible."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gocodemod import writer
from gocodemod.pipeline import run_rewrite
from gocodemod.writer import atomic_write
from tests import toy_transform

BEFORE = "package p\n\nfunc f() {\n\tn := 0\n\tn += 1\n\t_ = n\n}\n"
AFTER = "package p\n\nfunc f() {\n\tn := 0\n\tn++\n\t_ = n\n}\n"


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".gocodemod"))


def test_atomic_write_replaces_content_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "x.go"
    path.write_bytes(b"old")
    path.chmod(0o640)
    atomic_write(path, b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_atomic_write_keeps_an_executable_bit(tmp_path: Path) -> None:
    path = tmp_path / "x.go"
    path.write_bytes(b"old")
    path.chmod(0o755)
    atomic_write(path, b"new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.go"
    real.write_bytes(b"old")
    link = tmp_path / "link.go"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_read_only_file_is_refused_even_for_root(tmp_path: Path) -> None:
    path = tmp_path / "x.go"
    path.write_bytes(b"old")
    path.chmod(0o444)
    with pytest.raises(PermissionError) as raised:
        atomic_write(path, b"new")
    assert raised.value.strerror == "file is read-only"
    assert path.read_bytes() == b"old"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, OSError])
def test_interrupted_write_leaves_the_original_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, interruption: type[BaseException]
) -> None:
    """Ctrl-C (or a full disk) after part of the new content is written."""
    path = tmp_path / "x.go"
    path.write_bytes(b"original content")
    seen: list[str] = []

    def interrupted_fsync(fd: int) -> None:
        # By now the temporary file exists and holds the new bytes: prove it, then stop.
        seen.extend(leftovers(tmp_path))
        raise interruption()

    monkeypatch.setattr(writer.os, "fsync", interrupted_fsync)
    with pytest.raises(interruption):
        atomic_write(path, b"new content that never lands")
    assert len(seen) == 1, "the write was not interrupted midway"
    assert path.read_bytes() == b"original content"
    assert leftovers(tmp_path) == []


def test_interrupted_rename_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.go"
    path.write_bytes(b"original")

    def no_replace(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "replace", no_replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(path, b"new")
    assert path.read_bytes() == b"original"
    assert leftovers(tmp_path) == []


def module(root: Path) -> Path:
    (root / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    return root


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    toy_transform.install(monkeypatch)


@pytest.mark.usefixtures("toy")
@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        ("bom", b"\xef\xbb\xbf" + BEFORE.encode(), b"\xef\xbb\xbf" + AFTER.encode()),
        ("crlf", BEFORE.replace("\n", "\r\n").encode(), AFTER.replace("\n", "\r\n").encode()),
        (
            "bom+crlf",
            b"\xef\xbb\xbf" + BEFORE.replace("\n", "\r\n").encode(),
            b"\xef\xbb\xbf" + AFTER.replace("\n", "\r\n").encode(),
        ),
    ],
)
def test_bom_and_crlf_survive_a_rewrite_end_to_end(
    tmp_path: Path, name: str, before: bytes, after: bytes
) -> None:
    path = module(tmp_path) / "x.go"
    path.write_bytes(before)
    path.chmod(0o600)
    run = run_rewrite([tmp_path], apply=True)
    assert run.errors == []
    assert run.written == [path]
    assert path.read_bytes() == after
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.usefixtures("toy")
def test_read_only_file_is_reported_and_the_others_are_written(tmp_path: Path) -> None:
    module(tmp_path)
    paths = [tmp_path / name for name in ("a.go", "b.go", "c.go")]
    for path in paths:
        path.write_text(BEFORE)
    paths[1].chmod(0o444)
    run = run_rewrite([tmp_path], apply=True)
    assert [(e.path, e.reason) for e in run.errors] == [
        (paths[1], "not written: file is read-only")
    ]
    assert run.written == [paths[0], paths[2]]
    assert paths[0].read_text() == paths[2].read_text() == AFTER
    assert paths[1].read_text() == BEFORE
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("toy")
def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = module(tmp_path) / "x.go"
    path.write_text(BEFORE)
    mtime = os.stat(path).st_mtime_ns
    run = run_rewrite([tmp_path])
    assert run.written == []
    assert len(run.accepted) == 1
    assert path.read_text() == BEFORE
    assert os.stat(path).st_mtime_ns == mtime
