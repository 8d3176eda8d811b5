"""prealloc-map: give a map filled by a loop a size hint from the loop's count.

## What it does

Finds a local map that starts empty (`m := map[K]V{}`, `m := make(map[K]V)`, or the same with
`var m = ...`) and is then written (`m[k] = v`, `m[k] += v`, `m[k]++`) at most once per
iteration of the loop that follows, and makes it with a size hint from the loop:
`make(map[K]V, len(xs))` for a range over a slice, array, map or string, `n` for
`for i := 0; i < n; i++` and `for i := range n`. Writes under an `if` count: the hint is
then an upper bound.

## Why is this bad?

A map that outgrows its buckets allocates a table twice the size and rehashes every entry
into it, again and again as it grows. A size hint allocates the table once.

## Example

```go
index := make(map[int]Order)
for _, o := range orders {
    index[o.ID] = o
}
```

becomes

```go
index := make(map[int]Order, len(orders))
for _, o := range orders {
    index[o.ID] = o
}
```

A size hint changes no behaviour: the map is empty and non-nil either way, and a negative
hint is ignored (unlike a slice capacity, it does not panic). `var m map[K]V` is nil and
writing to it panics, so it is never a candidate.

## When it refuses

The loop ranges over a channel, an iterator function, or something whose type the source does
not state; the count is not a variable, field or `len()` of one; a counter loop changes its
bound or counter; the map is written in a nested loop or more than once per iteration, used
other than by `m[k]`, `len(m)` or `delete(m, k)` in the loop, used in a closure, redeclared in
the loop, or used between its declaration and the loop; statements between the declaration
and the loop mean the count could not be computed at the declaration with the same meaning;
or `len` or `make` mean something else in this code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gocodemod import parsing
from gocodemod.model import Edit, Refusal, Rewrite, Safety
from gocodemod.source import GoFile

from . import _loops
from ._loops import TypeFacts, Unknown

ID = "prealloc-map"
SUMMARY = "map entries set in a loop -> make(map[K]V, n), n from the loop's count"
DEFAULT = True
SAFETY = Safety.SAFE
PREFILTER = re.compile(rb"map\[")

_DECLARATIONS = """
(statement_list (var_declaration) @decl)
(statement_list (short_var_declaration) @decl)
"""

_WRITES = "[(assignment_statement) (inc_statement) (dec_statement)] @write"


@dataclass(frozen=True)
class EmptyMap:
    """A local map declared empty and not nil: `map[K]V{}` or `make(map[K]V)`."""

    statement: Node
    name: Node
    type_text: str
    value: Node


def find(file: GoFile) -> Iterator[Rewrite | Refusal]:
    types = TypeFacts(file)
    for top in file.root.named_children:
        # An empty map's declaration spells `map`: skip the query over top-level
        # declarations that never do.
        if file.source.find(b"map", top.start_byte, top.end_byte) < 0:
            continue
        for statement in parsing.captures(_DECLARATIONS, top).get("decl", []):
            declared = _empty_map(statement)
            if declared is not None:
                yield from _consider(file, types, declared)


def _empty_map(statement: Node) -> EmptyMap | None:
    if statement.type == "var_declaration":
        specs = _loops.specs(statement)
        if len(specs) != 1:
            return None
        names = specs[0].children_by_field_name("name")
        values = specs[0].child_by_field_name("value")
    else:
        left = statement.child_by_field_name("left")
        names = left.named_children if left is not None else []
        values = statement.child_by_field_name("right")
    if values is None or len(names) != 1 or len(values.named_children) != 1:
        return None
    value = values.named_children[0]
    map_type = _empty_map_type(value)
    return EmptyMap(statement, names[0], map_type, value) if map_type is not None else None


def _empty_map_type(value: Node) -> str | None:
    """`map[K]V` for `map[K]V{}` or `make(map[K]V)`; None otherwise (a size hint included)."""
    literal = _loops.empty_literal_type(value, "map_type")
    if literal is not None:
        return literal
    args = _loops.make_arguments(value)
    if args is not None and len(args) == 1 and args[0].type == "map_type":
        return parsing.text(args[0])
    return None


def _consider(file: GoFile, types: TypeFacts, declared: EmptyMap) -> Iterator[Rewrite | Refusal]:
    name = declared.name.text or b""
    if name == b"_":
        return
    use = _loops.first_use_after(declared.statement, name)
    if use is None:
        return
    loop = use.loop
    if loop is None:
        for later in _loops.later_loops(use):
            if _writes(later, name):
                yield file.refuse(
                    ID,
                    declared.name,
                    f"`{name.decode()}` is used between its declaration and the loop that fills "
                    f"it (line {use.statement.start_point[0] + 1})",
                )
                return
        return
    if not _writes(loop, name):
        return
    problem = _loop_problem(loop, name)
    if problem is not None:
        yield file.refuse(ID, declared.name, problem)
        return
    capacity = _loops.loop_capacity(loop, types)
    if isinstance(capacity, Unknown):
        yield file.refuse(ID, declared.name, capacity.reason)
        return
    if "\n" in declared.type_text:
        yield file.refuse(ID, declared.name, "the map type spans several lines")
        return
    shadowed = _loops.redeclared(loop, types, ("len", "make"))
    if shadowed:
        yield file.refuse(ID, declared.name, f"`{shadowed[0]}` is redeclared in this code")
        return
    if not (use.adjacent or _loops.declared_before(types, capacity, declared.statement)):
        yield file.refuse(
            ID,
            declared.name,
            f"`{capacity.expression}` cannot be computed at the declaration with the same "
            "meaning (statements between the declaration and the loop)",
        )
        return
    hint = capacity.expression
    yield file.rewrite(
        ID,
        declared.name,
        f"give `{name.decode()}` the size hint `{hint}` from the loop that fills it",
        [
            Edit(
                declared.value.start_byte,
                declared.value.end_byte,
                f"make({declared.type_text}, {hint})".encode(),
            )
        ],
        covers=(loop,),
    )


def _writes_in_statement(statement: Node, name: bytes) -> int:
    """How many entries of map `name` this one statement writes (`m[k] = v`, `m[k]++`, ...)."""
    if statement.type in ("inc_statement", "dec_statement"):
        targets = statement.named_children[:1]
    elif statement.type == "assignment_statement":
        left = statement.child_by_field_name("left")
        targets = left.named_children if left is not None else []
    else:
        return 0
    return sum(1 for target in targets if _is_entry_of(target, name))


def _is_entry_of(node: Node, name: bytes) -> bool:
    operand = node.child_by_field_name("operand") if node.type == "index_expression" else None
    return operand is not None and operand.type == "identifier" and operand.text == name


def _writes(region: Node, name: bytes) -> bool:
    return any(
        _writes_in_statement(n, name)
        for n in parsing.walk(region)
        if n.type in ("assignment_statement", "inc_statement", "dec_statement")
    )


def _loop_problem(loop: Node, name: bytes) -> str | None:
    """Why the loop's use of the map rules a size hint out, or None."""
    shown = name.decode()
    shadow = _loops.declares(loop, name)
    if shadow is not None:
        return f"`{shown}` is redeclared inside the loop (line {shadow.start_point[0] + 1})"
    for use in _loops.identifiers(loop, name):
        line = use.start_point[0] + 1
        if _loops.in_loop_header(use, loop):
            return f"`{shown}` is used in the loop's header (line {line})"
        if _loops.in_closure_below(use, loop):
            return f"`{shown}` is used inside a closure in the loop (line {line})"
        if not _is_entry_use(use):
            return f"`{shown}` is used in the loop other than by m[k], len or delete (line {line})"
    body = _loops.loop_body(loop)
    if body is None:
        most = None
    else:
        writes = [
            s
            for s in parsing.captures(_WRITES, body).get("write", [])
            if _writes_in_statement(s, name)
        ]
        most = _loops.max_per_iteration(body, lambda n: _writes_in_statement(n, name), writes)
    if most is None:
        return f"`{shown}` is written in a nested loop, so more than once per iteration"
    if most > 1:
        return f"`{shown}` may be written {most} times in one iteration"
    return None


def _is_entry_use(use: Node) -> bool:
    """`m[k]` (read or written), `len(m)` or `delete(m, k)`: uses whose result no size hint
    can change."""
    parent = use.parent
    if parent is None:
        return False
    if parent.type == "index_expression" and parent.child_by_field_name("operand") == use:
        return True
    if parent.type == "argument_list" and parent.named_children[0] == use:
        call = parent.parent
        function = parsing.text(call.child_by_field_name("function")) if call else ""
        return (function == "len" and len(parent.named_children) == 1) or function == "delete"
    return False
