"""value-receiver: pointer receivers of small, never-mutated structs become value receivers.

## What it does

Rewrites `func (p *T) M()` to `func (p T) M()` for every pointer method of a small struct
`T` when no method of `T` changes, shares or takes the address of its receiver. All of `T`'s
pointer methods (in every file of the package) are converted together or none is, so `T`
never ends up with mixed receivers.

## Why

Common Go advice: methods of small structs take a value receiver. A value receiver lives in
registers, is never nil, and lets callers keep `T` values (not `*T`) without taking their
address, which is what makes a `T` escape to the heap in the first place.

## Example

```go
type point struct{ x, y int }

func (p *point) sum() int { return p.x + p.y }
```

becomes

```go
func (p point) sum() int { return p.x + p.y }
```

## When it refuses

Each refusal names the method and the reason (`gocodemod scan -t value-receiver`):

- `T` is too large: over `GOCODEMOD_VALUE_RECEIVER_MAX_BYTES` bytes (default 24, three
  machine words), or its size is unknown (a field of a type from another package, an array
  whose length is a constant name, a generic type).
- `T` holds a `sync.Mutex`/`RWMutex`/`WaitGroup`/`Once`/`Cond`/`Map`/`Pool`, an atomic value
  or a `noCopy` marker, directly or nested: copying it is a bug.
- A method of `T` assigns to, increments or takes the address of its receiver or a part of
  it stored inline (`p.n = 1`, `p.n++`, `&p.n`, `p.arr[:]`), calls a pointer method on such a
  part (`p.buf.Reset()`), or uses the receiver as a bare value: returns, passes, compares,
  stores, dereferences or captures it in a closure.
- A method does not use its receiver at all: calling it on a nil `*T` works today and would
  panic with a value receiver.
- A method is one that packages discover dynamically on values: `String`, `GoString`,
  `Format`, `Error`, `Unwrap`, `MarshalJSON`, `MarshalText`, `MarshalBinary`,
  `UnmarshalJSON`, `GobEncode`, `Scan`, `Value`, `LogValue`, the `io` methods (`Read`,
  `Write`, `WriteTo`, ...) and their kin. Once `T` itself has `String()`, `fmt.Println(t)`
  prints something else.
- The package type-asserts or type-switches to an interface that has one of `T`'s pointer
  methods: `T` values would start satisfying it.
- A method of `T` is used as a method value (`f := x.M`) or in `defer x.M()` / `go x.M()`
  anywhere in the package (matched by name): a value receiver is copied when the method
  value is made, so later changes to the struct would no longer be seen.
- `T` is exported and so is one of the methods: other packages, which this transform does
  not see, can put `T` values in interfaces, assert the method, or embed `T`.
- `T` is embedded by value in another struct of the package (that struct's method set would
  change), is declared more than once (build constraints), a method lives in a generated
  file, a file of the package does not parse, or `T` is named in a `//go:linkname`.

Not covered (why this transform is off by default and marked for review): a value receiver
is a copy, so a method that reads its receiver after calling code that changes the same
struct through another pointer sees the old value; reflection (`reflect.Value.Method`,
`text/template`) and type assertions in other packages see `T` gain methods.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gocodemod import parsing
from gocodemod.model import Edit, Refusal, Rewrite, Safety
from gocodemod.source import GoFile
from gocodemod.structs import (
    WORD,
    Method,
    Shape,
    StructModel,
    identifiers,
    lookup,
    model_of,
    size_limit,
    unreadable_files,
)

ID = "value-receiver"
SUMMARY = "func (p *T) M() -> func (p T) M() for small structs no method mutates or shares"
DEFAULT = False
SAFETY = Safety.REVIEW
# Only files declaring a method with a pointer receiver can change.
PREFILTER = re.compile(rb"func\s*\(\s*\w*\s*\*")

MAX_BYTES_ENV = "GOCODEMOD_VALUE_RECEIVER_MAX_BYTES"
DEFAULT_MAX_BYTES = 3 * WORD

# Methods other packages look for on values at run time (fmt, errors, encoding/*, io,
# database/sql, log/slog): giving `T` (not just `*T`) one of them changes behaviour.
DYNAMIC_METHODS = frozenset(
    {
        "String",
        "GoString",
        "Format",
        "Error",
        "Unwrap",
        "Is",
        "As",
        "Timeout",
        "Temporary",
        "MarshalJSON",
        "UnmarshalJSON",
        "MarshalText",
        "UnmarshalText",
        "AppendText",
        "MarshalBinary",
        "UnmarshalBinary",
        "AppendBinary",
        "MarshalXML",
        "UnmarshalXML",
        "MarshalXMLAttr",
        "UnmarshalXMLAttr",
        "GobEncode",
        "GobDecode",
        "Scan",
        "Value",
        "LogValue",
        "Read",
        "Write",
        "Close",
        "WriteTo",
        "ReadFrom",
        "WriteString",
        "ReadByte",
        "ReadRune",
        "UnreadByte",
        "UnreadRune",
        "Seek",
        "ReadAt",
        "WriteAt",
    }
)


def find(file: GoFile) -> Iterator[Rewrite | Refusal]:
    model = model_of(file)
    for methods in model.methods.values():
        for method in methods:
            if method.file is not file or not method.pointer:
                continue
            decl = model.types.get(method.type_name)
            if decl is None or not decl.is_struct:
                continue  # not a struct of this package (an alias, a named slice...)
            verdict = _verdict(model, file, method.type_name)
            label = f"{method.type_name}.{method.name}"
            if verdict.reason:
                reason = f"{label}: receiver stays a pointer: {verdict.reason}"
                yield file.refuse(ID, method.node, reason)
                continue
            pointer = method.receiver_type
            inner = pointer.named_children[0]
            yield file.rewrite(
                ID,
                method.node,
                f"{label}: receiver can be a value ({verdict.size} bytes; no method of "
                f"{method.type_name} mutates, shares or takes the address of its receiver)",
                [Edit(pointer.start_byte, inner.start_byte, b"")],
            )


@dataclass(frozen=True)
class Verdict:
    """Whether all of a type's pointer methods can become value methods (reason: why not)."""

    reason: str = ""
    size: int = 0


def _verdict(model: StructModel, file: GoFile, type_name: str) -> Verdict:
    key = (ID, type_name)
    if key not in model.memo:
        model.memo[key] = _decide(model, file, type_name)
    verdict = model.memo[key]
    assert isinstance(verdict, Verdict)
    return verdict


def _decide(model: StructModel, file: GoFile, type_name: str) -> Verdict:
    decl = model.types[type_name]
    unreadable = unreadable_files(file)
    if unreadable:
        return Verdict(f"{', '.join(unreadable)} does not parse: its methods are unknown")
    if decl.generic:
        return Verdict(f"{type_name} is generic: its size depends on the type arguments")
    if type_name in model.duplicates:
        return Verdict(f"{type_name} is declared more than once (build constraints)")
    no_copy = model.no_copy(type_name)
    if no_copy:
        return Verdict(f"{type_name} holds {no_copy}, which must not be copied")
    layout = model.layout(type_name)
    limit = size_limit(MAX_BYTES_ENV, DEFAULT_MAX_BYTES)
    if layout.size is None:
        return Verdict(f"the size of {type_name} is unknown ({layout.why})")
    if layout.size > limit:
        return Verdict(
            f"{type_name} is {layout.size} bytes, over the {limit}-byte limit ({MAX_BYTES_ENV})"
        )
    pointer_methods = [m for m in model.methods.get(type_name, []) if m.pointer]
    reason = _package_reason(model, type_name, pointer_methods) or _uses_reason(
        model, type_name, pointer_methods
    )
    return Verdict(reason, layout.size)


def _package_reason(model: StructModel, type_name: str, methods: list[Method]) -> str:
    """Reasons found outside the method bodies: names, embedding, dynamic discovery."""
    names = {m.name for m in methods}
    for m in methods:
        if m.file.path in model.generated:
            return f"{m.name} is declared in a generated file, which is never rewritten"
        if m.name in DYNAMIC_METHODS:
            return (
                f"{m.name} is a method other packages look for on values (fmt, errors, "
                f"encoding, io...): {type_name} values would start having it"
            )
    exported = sorted(m.name for m in methods if m.name[:1].isupper())
    if type_name[:1].isupper() and exported:
        return (
            f"{type_name} and its method {exported[0]} are exported: other packages can put "
            f"{type_name} values in interfaces and look {exported[0]} up, or embed {type_name}"
        )
    for other in _embedders(model).get(type_name, ()):
        if other != type_name:
            return f"{type_name} is embedded in {other}, whose method set would change"
    asserted = _asserted_methods(model)
    for name in sorted(names & asserted.keys()):
        return (
            f"the package asserts an interface with method {name} ({asserted[name]}): "
            f"{type_name} values would start satisfying it"
        )
    for name in sorted(names):
        where = _bound_method(model, name)
        if where is not None:
            return f"{where}: a value receiver would be copied too early"
    if any(type_name.encode() in line for line in _linkname_lines(model)):
        return f"{type_name} is named in a //go:linkname directive"
    return ""


def _embedders(model: StructModel) -> dict[str, list[str]]:
    """Type name -> the package's structs that embed it by value, in declaration order.

    Gathered once per package: asking every struct's fields for each type costs
    types x fields.
    """
    key = (ID, "embedders")
    if key not in model.memo:
        found: dict[str, list[str]] = {}
        for other in model.types.values():
            if other.is_struct:
                for f in model.fields(other.name):
                    if f.embedded and f.type.type == "type_identifier":
                        found.setdefault(f.name, []).append(other.name)
        model.memo[key] = found
    embedders = model.memo[key]
    assert isinstance(embedders, dict)
    return embedders


def _linkname_lines(model: StructModel) -> list[bytes]:
    """The package's `//go:linkname` lines (collected once: they are rare, files are many)."""
    key = (ID, "linkname")
    if key not in model.memo:
        model.memo[key] = [
            line
            for go_file in model.files
            if b"go:linkname" in go_file.source
            for line in go_file.source.splitlines()
            if b"go:linkname" in line
        ]
    lines = model.memo[key]
    assert isinstance(lines, list)
    return lines


def _uses_reason(model: StructModel, type_name: str, methods: list[Method]) -> str:
    """The first method whose body mutates, shares or ignores its receiver, and how."""
    shape = model.shape_of_type(type_name)
    for method in methods:
        body = method.body
        if body is None:
            return f"{method.name} has no body (declared elsewhere, e.g. in assembly)"
        uses = list(identifiers(body, method.receiver)) if method.receiver else []
        if not uses:
            return (
                f"{method.name} does not use its receiver: calling it on a nil *{type_name} "
                "works today and would panic with a value receiver"
            )
        for use in uses:
            reason = _use_reason(model, use, shape, type_name, body)
            if reason:
                return f"{method.name} {reason} ({method.file.path.name}:{use.start_point[0] + 1})"
    return ""


def _use_reason(model: StructModel, use: Node, shape: Shape, type_name: str, body: Node) -> str:
    """Why this use of a receiver stops it becoming a value ("" when it does not)."""
    literal = parsing.enclosing(use, "func_literal")
    if literal is not None and literal.start_byte > body.start_byte:
        return "captures its receiver in a closure"
    node, current = use, shape
    while True:
        parent = node.parent
        if parent is None:
            break
        if parent.type == "parenthesized_expression":
            node = parent
            continue
        if current.kind == "reference" and parent.type != "selector_expression":
            # A pointer/slice/map/... stored in the receiver: reaching through it touches
            # memory the copy shares, so only writing the slot itself matters.
            return _write_reason(node)
        if parent.type == "selector_expression" and parent.child_by_field_name("operand") == node:
            found = lookup(model, current, parsing.text(parent.child_by_field_name("field")))
            if found is None:
                if current.kind == "reference":
                    return _write_reason(node)
                return f"uses {parsing.text(parent)}, which cannot be resolved"
            if found.method is not None:
                return _method_call_reason(
                    parent,
                    found.method,
                    node is use,
                    type_name,
                    found.through_pointer,
                    found.embedded_method_owner,
                )
            if found.through_pointer or found.field is None:
                return ""
            node = parent
            current = model.shape(found.field.type, found.field.file)
            continue
        if parent.type == "index_expression" and parent.child_by_field_name("operand") == node:
            if current.kind == "array":
                node = parent
                current = model.shape(current.element, current.file)
                continue
            if current.kind == "scalar":
                return ""  # indexing a string reads it
            return f"indexes {parsing.text(node)}, whose type cannot be resolved"
        if parent.type == "slice_expression" and parent.child_by_field_name("operand") == node:
            if current.kind == "scalar":
                return ""
            return f"slices {parsing.text(node)}, which takes its address"
        break
    if node is use:
        return _bare_reason(use)
    return _write_reason(node)


def _method_call_reason(
    selector: Node,
    method: Method,
    on_receiver: bool,
    type_name: str,
    through_pointer: bool,
    embedded_owner: str,
) -> str:
    if not parsing.is_called(selector):
        return f"uses the method value {parsing.text(selector)}"
    if through_pointer or not method.pointer:
        return ""
    if on_receiver and method.type_name == type_name and not embedded_owner:
        return ""  # another pointer method of T: it becomes a value method too
    return f"calls pointer method {parsing.text(selector)} on a part of its receiver"


def _write_reason(node: Node) -> str:
    """Why the expression `node` (a part of the receiver) is written, if it is."""
    parent = node.parent
    if parent is None:
        return ""
    what = parsing.text(node)
    if parent.type in ("inc_statement", "dec_statement"):
        return f"changes {what} ({parent.type.split('_')[0]}rement)"
    if parent.type == "unary_expression" and parsing.text(parent).startswith("&"):
        return f"takes the address of {what}"
    if parent.type == "expression_list":
        holder = parent.parent
        if (
            holder is not None
            and holder.child_by_field_name("left") == parent
            and holder.type
            in (
                "assignment_statement",
                "range_clause",
            )
        ):
            return f"assigns to {what}"
    return ""


def _bare_reason(use: Node) -> str:
    """How a bare use of the receiver shares or changes it."""
    parent = use.parent
    assert parent is not None
    holder = parent.parent if parent.type == "expression_list" else parent
    holder_type = holder.type if holder is not None else ""
    if holder_type == "return_statement":
        return "returns its receiver"
    if parent.type == "argument_list":
        return "passes its receiver to a function"
    if parent.type == "binary_expression":
        return "compares its receiver"
    if parent.type == "unary_expression":
        return (
            "dereferences its receiver"
            if parsing.text(parent).startswith("*")
            else ("takes the address of its receiver")
        )
    if (
        holder_type in ("assignment_statement", "range_clause")
        and holder is not None
        and (holder.child_by_field_name("left") == parent)
    ):
        return "assigns to its receiver"
    if holder_type in ("assignment_statement", "short_var_declaration", "var_spec"):
        return "stores its receiver"
    return f"uses its receiver as a value ({parent.type.replace('_', ' ')})"


def _asserted_methods(model: StructModel) -> dict[str, str]:
    """Method name -> where the package type-asserts an interface that has it."""
    key = (ID, "asserted")
    if key in model.memo:
        found = model.memo[key]
        assert isinstance(found, dict)
        return found
    interfaces = {
        name: _interface_methods(decl.type)
        for name, decl in model.types.items()
        if decl.type.type == "interface_type"
    }
    result: dict[str, str] = {}
    for go_file in model.files:
        if b".(" not in go_file.source:
            continue  # no type assertion or type switch in this file
        captured = parsing.captures(_ASSERTED_TYPES, go_file.root)
        # One match per `case A, B:` captures only A: take every type of the case from it.
        types = [
            t
            for case in captured.get("case", [])
            for t in case.children_by_field_name("type")
            if t.is_named
        ]
        types.extend(captured.get("type", []))
        for type_node in sorted(types, key=lambda n: n.start_byte):
            if type_node.type == "interface_type":
                names = _interface_methods(type_node)
            else:
                names = interfaces.get(parsing.text(type_node), set())
            where = f"{go_file.path.name}:{type_node.start_point[0] + 1}"
            for name in names:
                result.setdefault(name, where)
    model.memo[key] = result
    return result


_ASSERTED_TYPES = """
(type_assertion_expression type: (_) @type)
(type_case) @case
"""


def _interface_methods(interface: Node) -> set[str]:
    return {
        parsing.text(elem.child_by_field_name("name"))
        for elem in interface.named_children
        if elem.type == "method_elem"
    }


def _bound_method(model: StructModel, name: str) -> str | None:
    """A place that binds a receiver of method `name` early: `x.M` as a value, `defer`/`go x.M()`.

    Computed per method name on demand (only a few types get this far) by finding the name's
    occurrences in the source, not by visiting every selector of the package.
    """
    key = (ID, "bound")
    cache = model.memo.setdefault(key, {})
    assert isinstance(cache, dict)
    if name not in cache:
        cache[name] = _find_bound(model, name)
    found = cache[name]
    assert found is None or isinstance(found, str)
    return found


def _find_bound(model: StructModel, name: str) -> str | None:
    if not name[:1].isalpha():
        return None
    wanted = name.encode()
    for go_file in model.files:
        source = go_file.source
        first: tuple[int, int, str] | None = None
        at = source.find(wanted)
        while at >= 0:
            field = go_file.root.descendant_for_byte_range(at, at + len(wanted))
            at = source.find(wanted, at + 1)
            if field is None or field.type != "field_identifier" or field.text != wanted:
                continue
            node = field.parent
            if (
                node is None
                or node.type != "selector_expression"
                or node.child_by_field_name("field") != field
            ):
                continue
            # The first selector in source order (an outer selector before the inner one it
            # starts with), as a walk over every selector of the file would find it.
            order = (node.start_byte, -node.end_byte)
            if first is not None and order >= first[:2]:
                continue
            where = f"{go_file.path.name}:{node.start_point[0] + 1}"
            if parsing.is_called(node):
                statement = node.parent.parent if node.parent is not None else None
                if statement is not None and statement.type in ("defer_statement", "go_statement"):
                    keyword = statement.type.split("_")[0]
                    first = (*order, f"{keyword} {parsing.text(node)}() at {where}")
            elif _is_method_value_position(node):
                first = (*order, f"{parsing.text(node)} is used as a method value at {where}")
        if first is not None:
            return first[2]
    return None


def _is_method_value_position(selector: Node) -> bool:
    """A selector not called and not followed by more selection: a value (field or method)."""
    parent = selector.parent
    if parent is None:
        return False
    if parent.type in ("selector_expression", "index_expression", "slice_expression"):
        return parent.child_by_field_name("operand") != selector
    if parent.type in ("inc_statement", "dec_statement"):
        return False
    if parent.type == "unary_expression" and parsing.text(parent).startswith("&"):
        return False
    holder = parent.parent
    is_assigned = (
        parent.type == "expression_list"
        and holder is not None
        and (holder.child_by_field_name("left") == parent)
    )
    return not is_assigned
