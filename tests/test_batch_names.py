"""Repository lists and output names: whatever a list holds, outputs stay directly in --out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gocodemod.batch import outputs
from gocodemod.batch.repos import (
    RepositoryListError,
    read_directory,
    read_list,
    read_repositories,
    safe_name,
)


def test_list_file_comments_blank_lines_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "repos" / "alpha").mkdir(parents=True)
    (tmp_path / "repos" / "b#eta").mkdir()
    listing = tmp_path / "lists" / "repos.txt"
    listing.parent.mkdir()
    listing.write_text(
        "# the fleet\n"
        "\n"
        "../repos/alpha   # trailing comment\n"
        "   \n"
        f"{tmp_path / 'repos' / 'b#eta'}\n"
        "../repos/alpha\n",  # the same repository twice is one repository
        encoding="utf-8",
    )
    repos = read_list(listing)
    assert [(r.name, r.path) for r in repos] == [
        ("alpha", tmp_path / "repos" / "alpha"),
        ("b_eta", tmp_path / "repos" / "b#eta"),
    ]
    assert repos[0].given == "../repos/alpha"


def test_directory_lists_child_folders_not_files_or_hidden(tmp_path: Path) -> None:
    for name in ("one", "two", ".git"):
        (tmp_path / name).mkdir()
    (tmp_path / "notes.txt").write_text("not a repository\n")
    assert [r.name for r in read_directory(tmp_path)] == ["one", "two"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("..", "repo"),
        (".", "repo"),
        ("/", "repo"),
        ("", "repo"),
        ("../../etc/passwd", "etc_passwd"),
        (".hidden", "hidden"),
        ("my repo (copy)", "my_repo_copy"),
        ("répo", "r_po"),
        ("a/b\\c", "a_b_c"),
        ("ok-name_1.2", "ok-name_1.2"),
    ],
)
def test_safe_name(text: str, expected: str) -> None:
    assert safe_name(text) == expected
    assert outputs.SAFE_NAME.fullmatch(safe_name(text))


def test_names_from_hostile_lists_stay_in_out(tmp_path: Path) -> None:
    """`..`, absolute paths, symlinks and duplicate base names: every output name is safe,
    unique, and its files resolve to direct children of --out."""
    real = tmp_path / "real"
    for sub in ("x/app", "y/app", "z/App", "w/..weird.."):
        (real / sub).mkdir(parents=True)
    (tmp_path / "link").symlink_to(real / "x" / "app")
    (tmp_path / "loop").symlink_to(tmp_path / "loop-target")  # dangling
    listing = tmp_path / "list.txt"
    entries = [
        "real/x/app",
        "real/y/app",
        "real/z/App",  # differs only in case: collides on case-insensitive file systems
        "real/w/..weird..",
        "link",  # the same repository as real/x/app, reached through a symlink
        "real/x/app/../../y/app/../../../..",
        "/",
        "..",
        "loop",
        str(real / "y" / "app"),
    ]
    listing.write_text("\n".join(entries) + "\n", encoding="utf-8")
    repos = read_list(listing)
    names = [r.name for r in repos]
    assert len({n.lower() for n in names}) == len(names)
    # Symlinks are resolved, so one folder listed three ways is one repository.
    assert len([r for r in repos if r.path == real / "x" / "app"]) == 1
    out = tmp_path / "out"
    out.mkdir()
    for repo in repos:
        assert outputs.SAFE_NAME.fullmatch(repo.name), repo.name
        for path in (outputs.patch_path(out, repo.name), outputs.bench_dir(out, repo.name)):
            assert path.resolve().parent == out.resolve()
    apps = sorted(n for n in names if n.lower().startswith("app"))
    assert len(apps) == 3 and all(n.lower().startswith("app-") for n in apps)


@pytest.mark.parametrize("name", ["../x", "a/b", ".hidden", "", "..", "/abs", "a\0b"])
def test_output_paths_refuse_unsafe_names(tmp_path: Path, name: str) -> None:
    with pytest.raises(outputs.UnsafeName):
        outputs.patch_path(tmp_path, name)


def test_write_atomic_replaces_a_planted_symlink_instead_of_following_it(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "out"
    out.mkdir()
    planted = outputs.patch_path(out, "repo")
    planted.symlink_to(victim)
    outputs.write_atomic(planted, b"patch\n")
    assert victim.read_text() == "keep me\n"
    assert not planted.is_symlink() and planted.read_bytes() == b"patch\n"
    outputs.remove(planted)
    assert not planted.exists()


def test_remove_unlinks_a_symlinked_folder_without_touching_its_target(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    link = tmp_path / "repo.bench"
    link.symlink_to(target, target_is_directory=True)
    outputs.remove(link)
    assert not os.path.lexists(link) and (target / "keep.txt").exists()


def test_unusable_sources_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(RepositoryListError, match="no such file"):
        read_repositories(tmp_path / "missing.txt")
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    with pytest.raises(RepositoryListError, match="names no repositories"):
        read_repositories(empty)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(RepositoryListError, match="cannot read"):
        read_repositories(binary)
