"""The facts a rewrite needs from go.mod: the module's root, path and `go` version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_GO_LINE = re.compile(rb"^go\s+(\d+)\.(\d+)", re.MULTILINE)
_MODULE_LINE = re.compile(rb"^module\s+(\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Module:
    root: Path
    path: str
    go_version: tuple[int, int] | None
    """None when go.mod has no `go` line: the go command then assumes go 1.16."""

    def at_least(self, major: int, minor: int) -> bool:
        return (self.go_version or (1, 16)) >= (major, minor)


@cache
def find_module(directory: Path) -> Module | None:
    """The module whose go.mod is in `directory` or the nearest parent."""
    go_mod = directory / "go.mod"
    if go_mod.is_file():
        try:
            data = go_mod.read_bytes()
        except OSError:
            return None
        version = _GO_LINE.search(data)
        path = _MODULE_LINE.search(data)
        return Module(
            root=directory,
            path=path.group(1).decode("utf-8", "replace").strip('"') if path else "",
            go_version=(int(version.group(1)), int(version.group(2))) if version else None,
        )
    if directory.parent == directory:
        return None
    return find_module(directory.parent)
