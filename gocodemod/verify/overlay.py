"""Rewritten variants of a package as `go -overlay` files: the user's tree is never touched.

`go build/vet/test -overlay=overlay.json` reads a replacement file in place of each original
path listed in the JSON's "Replace" map. A variant is a directory in verification's own
temporary space holding the rewritten copies and that JSON; any number of variants of one
package can be built in parallel, and an interrupted run leaves nothing in the tree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from gocodemod import engine
from gocodemod.model import FileResult, Rewrite
from gocodemod.source import BOM


class NotApplicable(ValueError):
    """The rewrites do not apply together to their files (overlap, or do not parse)."""


def rewritten_files(
    results: Mapping[Path, FileResult], rewrites: Sequence[Rewrite]
) -> dict[Path, bytes]:
    """Per file, its original content with exactly `rewrites` applied (BOM kept)."""
    by_file: dict[Path, list[Rewrite]] = defaultdict(list)
    for rewrite in rewrites:
        by_file[rewrite.path].append(rewrite)
    contents = {}
    for path, chosen in by_file.items():
        result = results.get(path)
        if result is None or result.original is None:
            raise NotApplicable(f"{path}: no analysed source for this rewrite")
        bom = BOM if result.original.startswith(BOM) else b""
        applied = engine.apply_rewrites(result.original[len(bom) :], chosen)
        if applied.dropped:
            rewrite, reason = applied.dropped[0]
            raise NotApplicable(f"line {rewrite.line}: {reason}")
        contents[path] = bom + applied.source
    return contents


def write_overlay(directory: Path, contents: Mapping[Path, bytes]) -> Path:
    """Write the replacement files and overlay.json into `directory`; return the JSON's path.

    Keys are absolute resolved paths, the form the go command compares with.
    """
    directory.mkdir(parents=True, exist_ok=True)
    replace = {}
    for index, (path, data) in enumerate(sorted(contents.items())):
        # Numbered so two files of one name (in different packages) never collide.
        copy = directory / f"{index}-{path.name}"
        copy.write_bytes(data)
        replace[str(path.resolve())] = str(copy.resolve())
    overlay = directory / "overlay.json"
    overlay.write_text(json.dumps({"Replace": replace}, indent=1))
    return overlay
