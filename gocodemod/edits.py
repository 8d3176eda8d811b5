"""Applying byte-range edits: back to front, so earlier offsets never shift."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from gocodemod.model import Edit, Rewrite


def overlaps(a: Edit, b: Edit) -> bool:
    # Two insertions at the same point do not overlap (they apply in order); an insertion
    # strictly inside a replaced range does.
    return a.start < b.end and b.start < a.end


def apply_edits(source: bytes, edits: Iterable[Edit]) -> bytes:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if overlaps(before, after):
            raise ValueError(f"overlapping edits {before} and {after}")
    result = source
    # Back to front; for edits starting at the same offset the wider one goes first so an
    # insertion at that offset lands before the replacement text.
    for edit in sorted(ordered, key=lambda e: (e.start, e.end), reverse=True):
        result = result[: edit.start] + edit.text + result[edit.end :]
    return result


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
