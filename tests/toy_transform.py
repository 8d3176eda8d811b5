"""A tiny test-only transform, so engine and CLI tests can make a rewrite happen without
depending on the real transforms (written concurrently).

`toy-incdec` rewrites `NAME += 1` to `NAME++`: one statement, one edit, behaviour kept.
`toy-off` does the same for `NAME -= 1` -> `NAME--` but is off by default, for `-t`.
It refuses when the operand is not a plain identifier (e.g. `m[k] += 1`), so refusals can be
seen in `scan` output.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from types import ModuleType

import pytest

from gocodemod import parsing, registry
from gocodemod.model import Edit, Refusal, Rewrite, Safety
from gocodemod.source import GoFile

_QUERY = "(assignment_statement) @stmt"


def _find(
    file: GoFile, operator: str, replacement: str, transform_id: str
) -> Iterator[Rewrite | Refusal]:
    for stmt in parsing.captures(_QUERY, file.root).get("stmt", []):
        op = stmt.child_by_field_name("operator")
        left = stmt.child_by_field_name("left")
        right = stmt.child_by_field_name("right")
        if op is None or left is None or right is None or parsing.text(op) != operator:
            continue
        if parsing.text(right) != "1" or len(left.named_children) != 1:
            continue
        target = left.named_children[0]
        if target.type != "identifier":
            yield file.refuse(transform_id, stmt, "operand is not a plain variable")
            continue
        edit = Edit(stmt.start_byte, stmt.end_byte, f"{parsing.text(target)}{replacement}".encode())
        yield file.rewrite(transform_id, stmt, f"{operator} 1 becomes {replacement}", [edit])


def _module(transform_id: str, operator: str, replacement: str, default: bool) -> ModuleType:
    module = ModuleType(f"toy_{transform_id}")
    module.__doc__ = f"{transform_id}: `x {operator} 1` becomes `x{replacement}` (test only)."
    module.ID = transform_id  # type: ignore[attr-defined]
    module.SUMMARY = f"x {operator} 1 -> x{replacement}"  # type: ignore[attr-defined]
    module.DEFAULT = default  # type: ignore[attr-defined]
    module.SAFETY = Safety.SAFE  # type: ignore[attr-defined]
    module.PREFILTER = re.compile(re.escape(operator.encode()) + rb" 1\b")  # type: ignore[attr-defined]
    module.find = lambda file: _find(file, operator, replacement, transform_id)  # type: ignore[attr-defined]
    return module


TOY = registry.Transform.from_module(_module("toy-incdec", "+=", "++", True))
TOY_OFF = registry.Transform.from_module(_module("toy-off", "-=", "--", False))


def toy_catalogue() -> dict[str, registry.Transform]:
    return {TOY.id: TOY, TOY_OFF.id: TOY_OFF}


def install(monkeypatch: pytest.MonkeyPatch | None = None) -> None:
    """Make the toy transforms the whole catalogue (for this test, or this process)."""
    targets = [registry, sys.modules.get("gocodemod.cli")]
    for target in targets:
        if target is None:
            continue
        if monkeypatch is not None:
            monkeypatch.setattr(target, "catalogue", toy_catalogue)
        else:
            target.catalogue = toy_catalogue  # type: ignore[attr-defined]
