"""Unified diffs of rewritten files, `git apply`-able, coloured only on a terminal."""

from __future__ import annotations

import difflib
from pathlib import Path

from rich.console import Console
from rich.text import Text


def unified_diff(original: bytes, rewritten: bytes, path: Path | str) -> str:
    name = Path(path).as_posix()
    before = original.decode("utf-8", "replace").splitlines(keepends=True)
    after = rewritten.decode("utf-8", "replace").splitlines(keepends=True)
    lines = difflib.unified_diff(before, after, f"a/{name}", f"b/{name}")
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


_STYLES = {"+++": "bold", "---": "bold", "@@": "cyan", "+": "green", "-": "red"}


def print_diff(diff: str, console: Console) -> None:
    """Print a diff; Rich drops the colour when output is piped or NO_COLOR is set."""
    for line in diff.splitlines():
        style = next((s for prefix, s in _STYLES.items() if line.startswith(prefix)), "")
        console.print(Text(line, style=style), soft_wrap=True, highlight=False)
