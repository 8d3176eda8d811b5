"""value-struct: NOT YET IMPLEMENTED (placeholder; proposes nothing)."""

from __future__ import annotations

from collections.abc import Iterator

from gocodemod.model import Refusal, Rewrite, Safety
from gocodemod.source import GoFile

ID = "value-struct"
SUMMARY = "placeholder"
DEFAULT = False
SAFETY = Safety.SAFE


def find(file: GoFile) -> Iterator[Rewrite | Refusal]:
    return iter(())
