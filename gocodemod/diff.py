"""Unified diffs of rewritten files, `git apply`-able, coloured only on a terminal."""

from __future__ import annotations

import difflib
from pathlib import Path

from rich.console import Console
from rich.text import Text


def _lines(data: bytes) -> list[str]:
    # Split on "\n" only: str.splitlines would also split on form feeds, U+2028 and other
    # characters Go allows inside comments and strings, and the patch would not apply.
    text = data.decode("utf-8", "replace")
    lines = text.split("\n")
    result = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        result.append(lines[-1])
    return result


def unified_diff(original: bytes, rewritten: bytes, path: Path | str) -> str:
    name = Path(path).as_posix()
    lines = difflib.unified_diff(_lines(original), _lines(rewritten), f"a/{name}", f"b/{name}")
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        out.append(line)
    return "".join(out)


_STYLES = {"+++": "bold", "---": "bold", "@@": "cyan", "+": "green", "-": "red"}


def print_diff(diff: str, console: Console) -> None:
    """Print a diff: coloured on a terminal, else byte for byte (piped, or NO_COLOR set).

    Rich strips control characters such as the carriage returns of a CRLF file, so a diff
    meant for `git apply` bypasses it.
    """
    if not console.is_terminal or console.no_color or console.color_system is None:
        console.file.write(diff)
        console.file.flush()
        return
    for line in diff.split("\n")[:-1] if diff.endswith("\n") else diff.split("\n"):
        style = next((s for prefix, s in _STYLES.items() if line.startswith(prefix)), "")
        console.print(Text(line, style=style), soft_wrap=True, highlight=False)
