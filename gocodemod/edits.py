"""Applying byte-range edits to a file's source, and choosing rewrites that can go together."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import pairwise

from gocodemod.model import Edit, Rewrite


def overlaps(a: Edit, b: Edit) -> bool:
    # Two insertions at the same point do not overlap (they apply in the order given); an
    # insertion strictly inside a replaced range does, and so does one range inside another.
    if a.start == a.end and b.start == b.end:
        return False
    return a.start < b.end and b.start < a.end


def _position(edit: Edit) -> tuple[int, int]:
    return edit.start, edit.end


def apply_edits(source: bytes, edits: Iterable[Edit]) -> bytes:
    """Apply non-overlapping edits in one pass; raises ValueError on overlap or bad range.

    Edits are ordered by position only (not by their text), and the sort is stable, so two
    insertions at the same offset land in the order they were given, and an insertion at
    the start of a replaced range lands before the replacement text.
    """
    ordered = sorted(edits, key=_position)
    pieces: list[bytes] = []
    position = 0
    previous: Edit | None = None
    for edit in ordered:
        if not 0 <= edit.start <= edit.end <= len(source):
            raise ValueError(f"edit {edit} is outside the source ({len(source)} bytes)")
        if previous is not None and overlaps(previous, edit):
            raise ValueError(f"overlapping edits {previous} and {edit}")
        pieces.append(source[position : edit.start])
        pieces.append(edit.text)
        position = edit.end
        previous = edit
    pieces.append(source[position:])
    return b"".join(pieces)


def problem(rewrite: Rewrite, size: int) -> str | None:
    """Why a rewrite cannot be applied to a source of `size` bytes on its own, or None."""
    if not rewrite.edits:
        return "rewrite has no edits"
    ordered = sorted(rewrite.edits, key=_position)
    for edit in ordered:
        if not 0 <= edit.start <= edit.end <= size:
            return f"edit [{edit.start}, {edit.end}) is outside the file ({size} bytes)"
    for before, after in pairwise(ordered):
        if overlaps(before, after):
            return f"its own edits overlap at byte {after.start}"
    return None


def without_overlaps(rewrites: Sequence[Rewrite]) -> tuple[list[Rewrite], list[Rewrite]]:
    """Keep rewrites in order of position; drop any that overlaps one already kept."""
    kept: list[Rewrite] = []
    dropped: list[Rewrite] = []
    taken: list[Edit] = []
    for rewrite in sorted(rewrites, key=lambda r: r.span):
        if any(overlaps(e, t) for e in rewrite.edits for t in taken):
            dropped.append(rewrite)
            continue
        kept.append(rewrite)
        taken.extend(rewrite.edits)
    return kept, dropped
