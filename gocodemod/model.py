"""The values every stage passes around: edits, rewrites, refusals and per-file errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


class Safety(StrEnum):
    """How much a transform's fix can be trusted without `--verify` (ruff's fix safety)."""

    SAFE = "safe"
    """Behaviour is preserved by construction; only allocation counts change."""
    REVIEW = "review"
    """Preserves behaviour under facts tree-sitter cannot fully prove; off by default."""


@dataclass(frozen=True, order=True)
class Edit:
    """Replace source bytes [start, end) with `text` (UTF-8 byte offsets)."""

    start: int
    end: int
    text: bytes


@dataclass(frozen=True)
class Rewrite:
    """One proposed change at one site: the unit everything else counts and verifies.

    Edits of one rewrite never overlap each other, and rewrites a transform yields for one
    file never overlap either, so any subset of a file's rewrites can be applied.
    """

    transform: str
    path: Path
    line: int
    column: int
    function: str
    message: str
    edits: tuple[Edit, ...]
    add_imports: tuple[str, ...] = ()
    drop_imports: tuple[str, ...] = ()
    # Source lines (1-based, of the original file) whose execution exercises this rewrite;
    # verification maps them to the benchmarks that cover them.
    lines: tuple[int, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return min(e.start for e in self.edits), max(e.end for e in self.edits)

    @property
    def key(self) -> str:
        """A stable identity within one run: transform, file and position."""
        return f"{self.transform}:{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Refusal:
    """A site a transform recognised but will not rewrite, and why."""

    transform: str
    path: Path
    line: int
    column: int
    function: str
    reason: str


@dataclass(frozen=True)
class FileError:
    """A problem with one input; reported as one line and the run goes on."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class FileResult:
    """What analysing one file produced. `rewritten` is set only when something changed."""

    path: Path
    rewrites: list[Rewrite] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    original: bytes | None = None
    rewritten: bytes | None = None
