"""The Go compiler's escape analysis for one package: `go build -gcflags=-m`.

Tree-sitter cannot tell whether `&T{...}` ends up on the heap; the compiler can, and says so
per source position (`./a.go:12:9: &T{...} escapes to heap`, `./a.go:27:2: moved to heap: p`).
A transform asks for the report of a package as it is, or as it would be with some files
replaced (its own rewrites applied), so it can propose only allocations that really escape
and check that a rewrite does not just move the allocation somewhere else.

The package is built where it lives when it belongs to a module (replaced files go through
`-overlay`, the user's tree is never written); a package outside any module (a golden case,
a loose file) is copied into a temporary module of its own. Nothing is linked or installed:
the output goes to the null device. Reports are cached per process by package directory and
file contents, so each distinct variant is compiled once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from gocodemod.gomod import find_module
from gocodemod.gotool import GoNotFound, run_go
from gocodemod.source import BOM, GoFile

TIMEOUT_SECONDS = 300.0
"""A build of one package that takes longer than this is treated as unavailable."""

_LINE = re.compile(r"^(?:\./)?(?P<file>[^:\n]*?\.go):(?P<line>\d+):(?P<col>\d+): (?P<msg>.*)$")
# The same, over the whole output at once (one match per line, as `splitlines` would give).
_LINES = re.compile(r"^(?:\./)?([^:\n\r]*?\.go):(\d+):(\d+): ([^\n\r]*)$", re.MULTILINE)
# Line breaks `str.splitlines` knows besides "\n": output holding one is split the slow way.
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@dataclass(frozen=True)
class EscapeReport:
    """The compiler's `-m` messages by (file name, line, column), 1-based like the compiler's."""

    messages: Mapping[tuple[str, int, int], tuple[str, ...]]

    def at(self, path: Path, line: int, column: int) -> tuple[str, ...]:
        return self.messages.get((path.name, line, column), ())

    def escapes(self, path: Path, line: int, column: int) -> bool | None:
        """Whether the allocation at this position escapes; None when nothing is said of it."""
        said = [m for m in self.at(path, line, column) if "escape" in m]
        if not said:
            return None
        return any(m.endswith("escapes to heap") for m in said)

    def moved_to_heap(self, path: Path, line: int, column: int, name: str) -> bool:
        return f"moved to heap: {name}" in self.at(path, line, column)


@dataclass(frozen=True)
class Unavailable:
    """Why there is no report (no toolchain, the package does not build, a timeout)."""

    reason: str


_REPORTS: dict[tuple[str, str], EscapeReport | Unavailable] = {}


def report(
    files: Sequence[GoFile], replaced: Mapping[Path, bytes] | None = None
) -> EscapeReport | Unavailable:
    """Escape analysis of the package made of `files` (its non-test files, all in one directory).

    `replaced` maps some of those files to other contents (BOM excluded) to analyse instead.
    """
    if not files:
        return Unavailable("no files")
    directory = _resolve(files[0].path.parent)
    sources = {_resolve(f.path): f.source for f in files}
    for path, source in (replaced or {}).items():
        sources[_resolve(path)] = source
    digest = hashlib.sha256()
    for path in sorted(sources):
        digest.update(path.name.encode() + b"\0" + sources[path] + b"\0")
    key = (str(directory), digest.hexdigest())
    if key not in _REPORTS:
        try:
            main = files[0].package_name == "main"
            _REPORTS[key] = _compile(directory, sources, main=main)
        except GoNotFound as exc:
            _REPORTS[key] = Unavailable(str(exc))
    return _REPORTS[key]


@lru_cache(maxsize=4096)
def _resolve(path: Path) -> Path:
    """`path.resolve()`, remembered: a package's files are resolved on every report asked for."""
    return path.resolve()


def _compile(
    directory: Path, sources: Mapping[Path, bytes], *, main: bool = False
) -> EscapeReport | Unavailable:
    with tempfile.TemporaryDirectory(prefix="gocodemod-escape-") as scratch:
        scratch_dir = Path(scratch)
        module = find_module(directory)
        if module is None:
            # A package outside any module: build a copy in a module of its own.
            (scratch_dir / "go.mod").write_text(f"module scratch\n\ngo {_go_version()}\n")
            for path, source in sources.items():
                (scratch_dir / path.name).write_bytes(source)
            result = _build(scratch_dir, [], main=main)
        else:
            overlay: dict[str, str] = {}
            for n, (path, source) in enumerate(sources.items()):
                if _on_disk(path) != source:
                    copy = scratch_dir / f"{n}_{path.name}"
                    copy.write_bytes(source)
                    overlay[str(path)] = str(copy)
            extra: list[str] = []
            if overlay:
                overlay_file = scratch_dir / "overlay.json"
                overlay_file.write_text(json.dumps({"Replace": overlay}))
                extra = [f"-overlay={overlay_file}"]
            result = _build(directory, extra, main=main)
    return result


def _build(directory: Path, extra: list[str], *, main: bool = False) -> EscapeReport | Unavailable:
    # `go build -o /dev/null` still links a main package, every time (links are not cached):
    # `go list -export` compiles it (same -m output, from the build cache) without linking.
    command = (
        ["list", "-export", "-gcflags=-m", "-f", "{{.Export}}", *extra, "."]
        if main
        else ["build", "-gcflags=-m", "-o", os.devnull, *extra, "."]
    )
    result = run_go(
        command,
        cwd=directory,
        timeout=TIMEOUT_SECONDS,
    )
    if not result.ok:
        return Unavailable(f"the package does not build: {result.first_error()}")
    messages: dict[tuple[str, int, int], list[str]] = {}
    names: dict[str, str] = {}  # a file as the compiler spells it -> its base name
    stderr = result.stderr
    if any(c in stderr for c in _OTHER_LINE_BREAKS):
        found = (m.groups() for m in map(_LINE.match, stderr.splitlines()) if m)
    else:
        found = (m.groups() for m in _LINES.finditer(stderr))
    for file, line, col, msg in found:
        name = names.get(file)
        if name is None:
            name = names[file] = Path(file).name
        messages.setdefault((name, int(line), int(col)), []).append(msg)
    return EscapeReport({k: tuple(v) for k, v in messages.items()})


def _on_disk(path: Path) -> bytes | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return data[len(BOM) :] if data.startswith(BOM) else data


@cache
def _go_version() -> str:
    """`1.N` of the local toolchain, for the `go` line of a scratch module."""
    result = run_go(["env", "GOVERSION"], cwd=Path(tempfile.gettempdir()), timeout=60)
    match = re.match(r"go(\d+)\.(\d+)", result.stdout.strip())
    return f"{match[1]}.{match[2]}" if match else "1.21"
