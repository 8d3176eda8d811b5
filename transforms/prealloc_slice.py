"""prealloc-slice: give a slice filled by a loop its capacity before the loop.

## What it does

Finds a local slice that starts empty (`var s []T`, `s := []T{}`, `s := make([]T, 0)`) and
is then filled by `s = append(s, x)` in the loop that follows, at most once per iteration, and
sizes it from the loop: `len(xs)` for a range over a slice, array, map or string, `n` for
`for i := 0; i < n; i++` and for `for i := range n`. Appends under an `if` count: the capacity
is then an upper bound.

## Why is this bad?

An append that outgrows its slice allocates a bigger array and copies everything, about
log2(n) times for n appends. One allocation of the right size replaces all of them.

## Example

```go
var ids []int                        ids := []int{}
for _, o := range orders {           for _, o := range orders {
    ids = append(ids, o.ID)              ids = append(ids, o.ID)
}                                    }
```

becomes, in a module whose go line is 1.21 or newer, and in any module, respectively:

```go
var ids []int                        ids := make([]int, 0, len(orders))
ids = slices.Grow(ids, len(orders))  for _, o := range orders {
for _, o := range orders {               ids = append(ids, o.ID)
    ids = append(ids, o.ID)          }
}
```

Nil stays nil: `var s []T` is nil, and must still be nil (for `s == nil`, reflect.DeepEqual,
encoding/json) if the loop appends nothing. `slices.Grow(s, 0)` returns nil; older modules get
`if n > 0 { s = make([]T, 0, n) }`. When the append is conditional, `if len(s) == 0 { s = nil }`
follows the loop. A count that may be negative (`n`) is always guarded: `make` panics on it.

## When it refuses

The loop ranges over a channel, an iterator function, or something whose type the source does
not state; the count is not a variable, field or `len()` of one; a counter loop changes its
bound or counter. The append spreads (`append(s, xs...)`) or adds several elements; the slice
is appended to in a nested loop or more than once per iteration, appended from another slice,
used in the loop other than by `len(s)` or reading `s[i]` (a slice of it, `&s[i]` or a pointer
method on `s[i]` would see whether the array was reallocated), used in a closure, redeclared
in the loop, or used between its declaration and the loop. After the loop, `cap(s)` is read or
an append to `s` is kept under another name (it shares memory with `s` only when there is
spare capacity). `len`, `make` or `nil` mean something else in this code.

Capacity is otherwise not behaviour: Go does not specify how append grows a slice.
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
from ._loops import Capacity, TypeFacts, Unknown

ID = "prealloc-slice"
SUMMARY = "`s = append(s, x)` in a loop -> capacity from the loop's count before it (nil stays nil)"
DEFAULT = True
SAFETY = Safety.SAFE
PREFILTER = re.compile(rb"append\(")

_DECLARATIONS = """
(statement_list (var_declaration) @decl)
(statement_list (short_var_declaration) @decl)
"""


@dataclass(frozen=True)
class EmptySlice:
    """A local slice declared empty: nil (`var s []T`) or not (`[]T{}`, `make([]T, 0)`)."""

    statement: Node
    name: Node
    type_text: str
    value: Node | None
    """The `[]T{}` / `make([]T, 0)` expression; None for a nil `var s []T`."""

    @property
    def nil(self) -> bool:
        return self.value is None

    @property
    def name_text(self) -> str:
        return parsing.text(self.name)


def find(file: GoFile) -> Iterator[Rewrite | Refusal]:
    types = TypeFacts(file)
    for top in file.root.named_children:
        # Only a declaration whose function calls `append` can yield anything: skip the
        # query over every other top-level declaration.
        if file.source.find(b"append", top.start_byte, top.end_byte) < 0:
            continue
        for statement in parsing.captures(_DECLARATIONS, top).get("decl", []):
            for declared in _empty_slices(statement):
                yield from _consider(file, types, declared)


def _empty_slices(statement: Node) -> Iterator[EmptySlice]:
    if statement.type == "var_declaration":
        for spec in _loops.specs(statement):
            names = spec.children_by_field_name("name")
            type_node = spec.child_by_field_name("type")
            value_list = spec.child_by_field_name("value")
            if value_list is None:
                if type_node is not None and type_node.type == "slice_type":
                    for name in names:
                        yield EmptySlice(statement, name, parsing.text(type_node), None)
            elif len(names) == 1 and len(value_list.named_children) == 1:
                value = value_list.named_children[0]
                slice_type = _empty_slice_type(value)
                if slice_type is not None:
                    yield EmptySlice(statement, names[0], slice_type, value)
        return
    left, right = statement.child_by_field_name("left"), statement.child_by_field_name("right")
    if left is None or right is None:
        return
    if len(left.named_children) == 1 and len(right.named_children) == 1:
        value = right.named_children[0]
        slice_type = _empty_slice_type(value)
        if slice_type is not None:
            yield EmptySlice(statement, left.named_children[0], slice_type, value)


def _empty_slice_type(value: Node) -> str | None:
    """`[]T` for `[]T{}` or `make([]T, 0)`; None for anything else (a capacity included)."""
    literal = _loops.empty_literal_type(value, "slice_type")
    if literal is not None:
        return literal
    args = _loops.make_arguments(value)
    if args is not None and len(args) == 2 and args[0].type == "slice_type":
        return parsing.text(args[0]) if parsing.text(args[1]) == "0" else None
    return None


def _consider(file: GoFile, types: TypeFacts, declared: EmptySlice) -> Iterator[Rewrite | Refusal]:
    name = declared.name.text or b""
    if name == b"_":
        return
    use = _loops.first_use_after(declared.statement, name)
    if use is None:
        return
    loop = use.loop
    if loop is None:
        if _already_sized(use.statement, name):
            return
        for later in _loops.later_loops(use):
            if _appends_in(later, name):
                yield file.refuse(
                    ID,
                    declared.name,
                    f"`{name.decode()}` is used between its declaration and the loop that "
                    f"appends to it (line {use.statement.start_point[0] + 1})",
                )
                return
        return
    if not _appends_in(loop, name):
        return
    problem = _loop_problem(loop, name)
    if isinstance(problem, str):
        yield file.refuse(ID, declared.name, problem)
        return
    capacity = _loops.loop_capacity(loop, types)
    if isinstance(capacity, Unknown):
        yield file.refuse(ID, declared.name, capacity.reason)
        return
    seen_after = _capacity_seen_after(declared.statement, loop, name)
    if seen_after is not None:
        yield file.refuse(ID, declared.name, seen_after)
        return
    if "\n" in declared.type_text:
        yield file.refuse(ID, declared.name, "the slice's element type spans several lines")
        return
    shadowed = _loops.redeclared(loop, types, ("len", "make", "nil"))
    if shadowed:
        yield file.refuse(ID, declared.name, f"`{shadowed[0]}` is redeclared in this code")
        return
    yield _rewrite(file, types, declared, use, capacity, problem)


def _appends_in(region: Node, name: bytes) -> bool:
    return any(_append_call_of(use) is not None for use in _loops.identifiers(region, name))


def _capacity_seen_after(declaration: Node, loop: Node, name: bytes) -> str | None:
    """Why code after the loop could see the capacity, or None.

    `cap(s)` reads it; `t := append(s, x)` shares `s`'s array exactly when there is spare
    capacity, so two such appends see each other's elements after a preallocation where the
    original's `[]T{}` (capacity 0, as the spec says) kept them apart.
    """
    scope = declaration.parent
    if scope is None:
        return None
    shown = name.decode()
    for use in _loops.identifiers(scope, name):
        if use.start_byte < loop.end_byte:
            continue
        line = use.start_point[0] + 1
        arguments = use.parent
        call = arguments.parent if arguments is not None else None
        if call is not None and parsing.text(call.child_by_field_name("function")) == "cap":
            return f"`cap({shown})` is read after the loop (line {line})"
        if _append_call_of(use) is not None and _self_append_of(use, name) is None:
            return (
                f"an append to `{shown}` after the loop is kept under another name (line {line}); "
                "whether it shares memory with the slice depends on the capacity"
            )
    return None


def _append_call_of(use: Node) -> Node | None:
    """The `append(...)` call when `use` is its first argument."""
    arguments = use.parent
    if arguments is None or arguments.type != "argument_list" or arguments.named_children[0] != use:
        return None
    call = arguments.parent
    if call is not None and parsing.text(call.child_by_field_name("function")) == "append":
        return call
    return None


def _self_append(statement: Node, name: bytes) -> Node | None:
    """The append call when `statement` is exactly `name = append(name, ...)`."""
    if statement.type != "assignment_statement" or _loops.operator(statement) != b"=":
        return None
    left, right = statement.child_by_field_name("left"), statement.child_by_field_name("right")
    if left is None or right is None:
        return None
    if len(left.named_children) != 1 or len(right.named_children) != 1:
        return None
    if left.named_children[0].text != name:
        return None
    call = right.named_children[0]
    arguments = call.child_by_field_name("arguments")
    if call.type != "call_expression" or arguments is None or not arguments.named_children:
        return None
    if parsing.text(call.child_by_field_name("function")) != "append":
        return None
    return call if arguments.named_children[0].text == name else None


@dataclass(frozen=True)
class Appends:
    """The loop's single append statement and whether every iteration runs it."""

    statement: Node
    every_iteration: bool


def _loop_problem(loop: Node, name: bytes) -> str | Appends:
    """Why the loop's use of the slice rules preallocation out, or its one append."""
    shown = name.decode()
    shadow = _loops.declares(loop, name)
    if shadow is not None:
        return f"`{shown}` is redeclared inside the loop (line {shadow.start_point[0] + 1})"
    appends: list[Node] = []
    for use in _loops.identifiers(loop, name):
        line = use.start_point[0] + 1
        if _loops.in_loop_header(use, loop):
            return f"`{shown}` is used in the loop's header (line {line})"
        if _loops.in_closure_below(use, loop):
            return f"`{shown}` is used inside a closure in the loop (line {line})"
        statement = _self_append_of(use, name)
        if statement is not None:
            call = _self_append(statement, name)
            assert call is not None
            problem = _append_arguments_problem(call, shown, line)
            if problem:
                return problem
            if statement not in appends:
                appends.append(statement)
            continue
        if _append_call_of(use) is not None:
            return f"the result of appending to `{shown}` is not assigned back to it (line {line})"
        if _is_assigned(use):
            return f"`{shown}` is assigned something other than an append to itself (line {line})"
        if not _is_plain_read(use):
            return (
                f"`{shown}` is used in the loop other than by append, len or reading an "
                f"element (line {line})"
            )
    if not appends:
        return f"`{shown}` is not appended to directly in the loop"

    def is_append(node: Node) -> int:
        return 1 if node in appends else 0

    body = _loops.loop_body(loop)
    most = _loops.max_per_iteration(body, is_append, appends) if body is not None else None
    if most is None:
        return f"`{shown}` is appended to in a nested loop, so more than once per iteration"
    if most > 1:
        return f"`{shown}` may be appended to {most} times in one iteration"
    every = len(appends) == 1 and _loops.runs_every_iteration(appends[0], loop)
    return Appends(appends[0], every)


def _append_arguments_problem(call: Node, shown: str, line: int) -> str | None:
    arguments = call.child_by_field_name("arguments")
    elements = arguments.named_children[1:] if arguments is not None else []
    if any(e.type == "variadic_argument" for e in elements):
        return f"`{shown}` is appended a spread (`...`) of unknown length (line {line})"
    if len(elements) != 1:
        return f"`{shown}` is appended {len(elements)} elements at once (line {line})"
    return None


def _self_append_of(use: Node, name: bytes) -> Node | None:
    """The `name = append(name, x)` statement when `use` is its left side or the append's
    first argument (any other place in it, such as `x`, is an ordinary use)."""
    holder = use.parent
    if holder is not None and holder.type == "expression_list":
        statement = holder.parent
        if statement is not None and statement.child_by_field_name("left") == holder:
            return statement if _self_append(statement, name) is not None else None
        return None
    call = _append_call_of(use)
    holder = call.parent if call is not None else None
    statement = holder.parent if holder is not None else None
    if statement is not None and _self_append(statement, name) == call:
        return statement
    return None


def _is_assigned(use: Node) -> bool:
    parent = use.parent
    if parent is None:
        return False
    if parent.type in ("inc_statement", "dec_statement"):
        return True
    holder = parent.parent
    return (
        parent.type == "expression_list"
        and holder is not None
        and holder.child_by_field_name("left") == parent
        and holder.type in ("assignment_statement", "range_clause", "receive_statement")
    )


def _is_plain_read(use: Node) -> bool:
    """`len(s)` or `s[i]`: reads that neither alias the backing array nor see capacity or
    nil-ness, so preallocating cannot change what they return."""
    parent = use.parent
    if parent is None:
        return False
    if parent.type == "index_expression" and parent.child_by_field_name("operand") == use:
        return not _addresses_element(parent)
    if parent.type == "argument_list" and len(parent.named_children) == 1:
        call = parent.parent
        return call is not None and parsing.text(call.child_by_field_name("function")) == "len"
    return False


def _addresses_element(element: Node) -> bool:
    """True when `s[i]` is used by address: `&s[i]`, `s[i][:]` (an array element sliced), or
    `s[i].M()` (a pointer method). Such a pointer shares the backing array only until the next
    reallocation, so how often the slice reallocates (what a capacity changes) becomes visible.
    """
    parent = element.parent
    while parent is not None and parent.type in ("selector_expression", "index_expression"):
        called = parent.parent is not None and parent.parent.type == "call_expression"
        if parent.type == "selector_expression" and called:
            return True
        element, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "unary_expression" and _loops.operator_text(parent) == "&":
        return True
    return parent.type == "slice_expression" and parent.child_by_field_name("operand") == element


def _already_sized(statement: Node, name: bytes) -> bool:
    """`s = make(...)`, `s = slices.Grow(s, ...)` or `if n > 0 { s = make(...) }`: a capacity
    was given already (this transform's own output included)."""
    if statement.type == "if_statement" and statement.child_by_field_name("alternative") is None:
        body = statement.child_by_field_name("consequence")
        inner = [c for c in body.named_children] if body is not None else []
        statements = inner[0].named_children if len(inner) == 1 else []
        return len(statements) == 1 and _sizes(statements[0], name)
    return _sizes(statement, name)


def _sizes(statement: Node, name: bytes) -> bool:
    if statement.type != "assignment_statement":
        return False
    left, right = statement.child_by_field_name("left"), statement.child_by_field_name("right")
    if left is None or right is None or len(left.named_children) != 1:
        return False
    if left.named_children[0].text != name or len(right.named_children) != 1:
        return False
    call = right.named_children[0]
    function = parsing.text(call.child_by_field_name("function"))
    return call.type == "call_expression" and (function == "make" or function.endswith(".Grow"))


def _rewrite(
    file: GoFile,
    types: TypeFacts,
    declared: EmptySlice,
    use: _loops.FirstUse,
    capacity: Capacity,
    appends: Appends,
) -> Rewrite | Refusal:
    loop = use.loop
    assert loop is not None
    name = declared.name_text
    size = capacity.expression
    make = f"make({declared.type_text}, 0, {size})"
    guarded = [f"if {size} > 0 {{", f"\t{name} = {make}", "}"]
    edits: list[Edit | None] = []
    imports: list[str] = []
    if declared.nil:
        grow = _slices_name(file, types, loop) if capacity.non_negative else None
        if grow is not None:
            edits.append(
                _loops.lines_before(
                    file, use.statement, loop, [f"{name} = {grow}.Grow({name}, {size})"]
                )
            )
            if grow == "slices" and "slices" not in file.imports:
                imports.append("slices")
            how = f"`{grow}.Grow` keeps it nil when the loop does not run"
        else:
            edits.append(_loops.lines_before(file, use.statement, loop, guarded))
            how = f"the `{size} > 0` guard keeps it nil when the loop does not run"
        if not appends.every_iteration:
            exits = _loops.leaves_only_normally(loop, name.encode())
            if exits is not None:
                return file.refuse(
                    ID,
                    declared.name,
                    f"`{name}` is appended to on some iterations only, and {exits}: resetting "
                    "it to nil after the loop when nothing was appended would be skipped",
                )
            edits.append(
                _loops.lines_after(file, loop, [f"if len({name}) == 0 {{", f"\t{name} = nil", "}"])
            )
            how += f"; appends are conditional, so an empty `{name}` is reset to nil after it"
    elif capacity.non_negative and (
        use.adjacent or _loops.declared_before(types, capacity, declared.statement)
    ):
        assert declared.value is not None
        edits.append(Edit(declared.value.start_byte, declared.value.end_byte, make.encode()))
        how = "it was empty and not nil, as `make` is"
    elif capacity.non_negative:
        edits.append(_loops.lines_before(file, use.statement, loop, [f"{name} = {make}"]))
        how = "made just before the loop, where the count is known"
    else:
        edits.append(_loops.lines_before(file, use.statement, loop, guarded))
        how = f"guarded because `make` panics if `{size}` is negative"
    if any(edit is None for edit in edits):
        return file.refuse(ID, declared.name, "the loop does not start or end its own line")
    return file.rewrite(
        ID,
        declared.name,
        f"preallocate `{name}` with capacity `{size}` before the loop ({how})",
        [edit for edit in edits if edit is not None],
        add_imports=imports,
        covers=(loop,),
    )


def _slices_name(file: GoFile, types: TypeFacts, loop: Node) -> str | None:
    """The name `slices.Grow` can be called by here, or None when the module's go version
    predates package slices (1.21) or the name `slices` means something else in this file."""
    module = file.module
    if module is None or not module.at_least(1, 21):
        return None
    imported = file.imports.get("slices")
    if imported is not None:
        return None if imported in ("_", ".") else imported
    if "slices" in file.imports.values():
        return None
    function = _loops.enclosing_function(loop)
    if function is not None and _loops.mentions(function, b"slices"):
        return None
    if types.package_declares(b"slices"):
        return None
    return "slices"
