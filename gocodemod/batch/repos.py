"""Which repositories a batch runs on, and the names their outputs get under --out.

The input is either a LIST file (one repository path a line; `#` starts a comment; blank
lines are ignored; relative paths are relative to the list file's folder, so the list means
the same thing from any working directory or cluster worker) or a DIR whose child folders
are the repositories.

A repository's name becomes file names under --out (`<name>.patch`, `<name>.json`,
`<name>.bench/`), so it is reduced to a safe alphabet here: a list that holds `..`,
absolute paths, symlinks or odd characters can never produce a name that leaves --out.
Two repositories whose folders share a base name both get a suffix made from a hash of
their full path, so names are unique and do not depend on the order of the list (a resumed
batch finds its earlier outputs under the same names).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_COMMENT = re.compile(r"(^|\s)#.*$")
MAX_NAME = 64


class RepositoryListError(ValueError):
    """The LIST or DIR argument itself is unusable (a usage error, exit 2)."""


@dataclass(frozen=True)
class Repository:
    name: str
    """Safe and unique within one batch: [A-Za-z0-9._-], never `.`/`..`, no leading dot."""
    path: Path
    """Absolute, symlinks resolved: the folder the pipeline runs on and the patch applies in."""
    given: str
    """The line of the list (or the child folder name) this repository came from."""


def safe_name(text: str) -> str:
    """A file-name stem that cannot name a folder or climb out of one."""
    name = _UNSAFE.sub("_", text).strip("._-")[:MAX_NAME].strip("._-")
    return name or "repo"


def _path_hash(path: Path) -> str:
    return hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()


def _absolute(path: Path) -> Path:
    """Symlinks resolved where they exist; a missing path is still made absolute (it fails
    later, as that repository's recorded failure, not the whole batch's)."""
    return path.resolve(strict=False)


def name_repositories(entries: list[tuple[str, Path]]) -> list[Repository]:
    """Give each (given text, absolute path) a unique safe name; duplicates of one path drop."""
    unique: dict[Path, str] = {}
    for given, path in entries:
        unique.setdefault(path, given)
    stems = {path: safe_name(path.name or given) for path, given in unique.items()}
    # Case-folded: on a case-insensitive file system `Repo.patch` and `repo.patch` collide.
    counts = Counter(stem.lower() for stem in stems.values())
    repos = []
    used: set[str] = set()
    for path, given in unique.items():
        stem = stems[path]
        name = stem
        digest = _path_hash(path)
        width = 8
        while counts[stem.lower()] > 1 or name.lower() in used:
            name = f"{stem}-{digest[:width]}"
            if name.lower() not in used:
                break
            width += 4  # a stem that happens to equal another's hashed name
        used.add(name.lower())
        repos.append(Repository(name=name, path=path, given=given))
    return repos


def read_list(list_file: Path) -> list[Repository]:
    try:
        text = list_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RepositoryListError(f"{list_file}: cannot read the repository list: {exc}") from exc
    base = list_file.resolve().parent
    entries = []
    for raw in text.splitlines():
        # A comment is a whole line starting with `#`, or ` #...` after a path: a `#`
        # inside a folder name (`a#b`) stays part of the path.
        line = _COMMENT.sub("", raw).strip()
        if not line:
            continue
        entries.append((line, _absolute(base / Path(line).expanduser())))
    return name_repositories(entries)


def read_directory(directory: Path) -> list[Repository]:
    """Every child folder that is not hidden, in name order (a symlinked child is followed:
    listing it there says it is a repository)."""
    entries = [
        (child.name, _absolute(child))
        for child in sorted(directory.iterdir())
        if not child.name.startswith(".") and child.is_dir()
    ]
    return name_repositories(entries)


def read_repositories(source: Path) -> list[Repository]:
    """LIST file or DIR of repositories; raises RepositoryListError when it is neither."""
    if source.is_dir():
        repos = read_directory(source)
    elif source.is_file():
        repos = read_list(source)
    else:
        raise RepositoryListError(f"{source}: no such file or directory")
    if not repos:
        raise RepositoryListError(f"{source}: names no repositories")
    return repos
