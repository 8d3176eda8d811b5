"""The transform catalogue: the built-ins plus any registered under an entry-point group.

A transform is a module with `ID`, `SUMMARY`, `DEFAULT`, `SAFETY`, an optional `PREFILTER`
(a bytes regex every file it can change must match, so other files are never parsed for it),
a docstring (what it does, why, an example, when it refuses) and `find(file)`, which yields
Rewrites and Refusals for one parsed file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from types import ModuleType

from gocodemod.model import Refusal, Rewrite, Safety
from gocodemod.source import GoFile

ENTRY_POINT_GROUP = "gocodemod.transforms"


@dataclass(frozen=True)
class Transform:
    id: str
    summary: str
    doc: str
    default: bool
    safety: Safety
    prefilter: re.Pattern[bytes] | None
    find: Callable[[GoFile], Iterator[Rewrite | Refusal]]

    @classmethod
    def from_module(cls, module: ModuleType) -> Transform:
        return cls(
            id=module.ID,
            summary=module.SUMMARY,
            doc=(module.__doc__ or "").strip(),
            default=module.DEFAULT,
            safety=module.SAFETY,
            prefilter=getattr(module, "PREFILTER", None),
            find=module.find,
        )

    def applies_to(self, source: bytes) -> bool:
        return self.prefilter is None or self.prefilter.search(source) is not None


class UnknownTransform(ValueError):
    pass


@cache
def catalogue() -> dict[str, Transform]:
    from gocodemod.transforms import BUILTIN

    found = {t.id: t for t in map(Transform.from_module, BUILTIN)}
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        module = entry.load()
        transform = Transform.from_module(module)
        found.setdefault(transform.id, transform)
    return found


def select(ids: list[str] | None = None) -> list[Transform]:
    """The named transforms (even ones off by default), else every default one."""
    known = catalogue()
    if not ids:
        return [t for t in known.values() if t.default]
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise UnknownTransform(
            f"unknown transform {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )
    return [known[i] for i in dict.fromkeys(ids)]
