"""value-struct: a small struct that escapes only through a needless pointer becomes a value.

## What it does

Two rewrites, both proposed only where the Go compiler's escape analysis
(`go build -gcflags=-m`) reports that the `&T{...}` allocation escapes to the heap:

(a) a local `p := &T{...}` that is only used through its fields and methods becomes
    `p := T{...}`;
(b) an unexported function whose every `return` is `return &T{...}` for a small struct `T`,
    and whose every caller in the package (tests included) only stores the result in a local
    used through fields and methods, reads a field, calls a method or drops it, returns `T`
    instead. Callers need no change: `x := newT()` then `x.f` and `x.M()` mean the same for
    a `T` as for a `*T`.

## Why

`&T{...}` that outlives its function (or is passed to code the compiler cannot see through)
is a heap allocation and later garbage; a value lives on the stack or in registers.

## Example

```go
func newPoint(x, y int) *point { return &point{x, y} }
```

becomes

```go
func newPoint(x, y int) point { return point{x, y} }
```

## When it refuses

- The variable or result is passed, returned, stored, compared, dereferenced, reassigned,
  captured by a closure, used as a method value, or the address of one of its fields is
  taken; the variable's name is declared twice in the function.
- A constructor is named in a `//go:linkname` directive.
- A constructor returns anything but `&T{...}` (nil, another pointer, a variable), is
  generic, has named results, is used as a function value, or a caller keeps the pointer
  (`var p *T = newT()`, `return newT()`, `f(newT())`, `x = newT()`), writes a field of or
  calls a pointer method on the unaddressable result (`newT().n = 1`).
- `T` is not a struct declared once in the package, holds a lock, an atomic or a `noCopy`
  marker, or (for constructors) is larger than `GOCODEMOD_VALUE_STRUCT_MAX_BYTES` bytes
  (default 64) or of unknown size.
- The compiler says the allocation does not escape (it is on the stack already), or every
  call of the constructor is inlined with its result kept on the stack.
- After the rewrite, the compiler moves the variable to the heap (a pointer method keeps
  its receiver): no allocation would be saved. Each file's rewrites are compiled together
  to check this; if the rewritten package does not build, all of them are refused.
- Escape analysis is unavailable (no Go toolchain, the package does not build, a timeout):
  nothing is proposed, and each site says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from tree_sitter import Node

from gocodemod import escape, parsing
from gocodemod.edits import apply_edits
from gocodemod.model import Edit, Refusal, Rewrite, Safety
from gocodemod.source import GoFile
from gocodemod.structs import (
    WORD,
    Shape,
    StructModel,
    identifiers,
    lookup,
    model_of,
    package_files,
    size_limit,
)

ID = "value-struct"
SUMMARY = "p := &T{...} -> p := T{...}, and small constructors return T, where &T{} escapes"
DEFAULT = False
SAFETY = Safety.REVIEW
# Only files with a `&T{` composite literal hold a site (the compiler never runs for others).
PREFILTER = re.compile(rb"&\s*\w+\s*\{")

MAX_BYTES_ENV = "GOCODEMOD_VALUE_STRUCT_MAX_BYTES"
DEFAULT_MAX_BYTES = 8 * WORD

_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")


@dataclass
class Candidate:
    """A site that passed the source checks and now needs the compiler's word."""

    anchor: Node
    label: str
    """What the site is, to begin its refusal reasons (`p := &T{...}`, `newT returns *T`)."""
    message: str
    edits: list[Edit]
    allocations: list[Node]
    """The `&T{...}` expressions whose escape the compiler must confirm."""
    watched: list[tuple[Path, Node]] = field(default_factory=list)
    """Variables that must not be moved to the heap once the rewrite is applied."""
    calls: list[tuple[Path, Node]] = field(default_factory=list)
    """The argument lists of a constructor's calls in the compiled (non-test) files."""


def find(file: GoFile) -> Iterator[Rewrite | Refusal]:
    models: list[StructModel] = []

    def model() -> StructModel:
        """The package's struct model, built (sibling files parsed) once a site needs it."""
        if not models:
            models.append(model_of(file))
        return models[0]

    candidates: list[Candidate] = []
    for item in [*_locals(file, model), *_constructors(file, model)]:
        if isinstance(item, Refusal):
            yield item
        else:
            candidates.append(item)
    if not candidates:
        return  # the compiler runs only for files with something to propose
    yield from _confirm(file, candidates)


# -- (a) locals ---------------------------------------------------------------------------


def _locals(file: GoFile, get_model: Callable[[], StructModel]) -> Iterator[Candidate | Refusal]:
    declarations = parsing.captures("(short_var_declaration) @decl", file.root).get("decl", [])
    for decl in sorted(declarations, key=lambda n: n.start_byte):
        single = _single_assignment(decl)
        if single is None:
            continue
        name, value = single
        literal = _address_of_literal(value)
        if literal is None:
            continue
        type_name = parsing.text(literal.child_by_field_name("type"))
        model = get_model()
        reason = _type_reason(model, type_name, limit=None)
        scope = _scope(decl)
        if not reason and scope is not None:
            reason = local_reason(model, name, model.shape_of_type(type_name), scope)
        label = parsing.text(name)
        if reason:
            yield file.refuse(ID, decl, f"{label} := &{type_name}{{...}} stays a pointer: {reason}")
            continue
        operator = value.child_by_field_name("operand")
        assert operator is not None
        yield Candidate(
            anchor=decl,
            label=f"{label} := &{type_name}{{...}}",
            message=f"{label} := &{type_name}{{...}} can be a value: it is only used "
            "through its fields and methods, and the compiler moves it to the heap",
            edits=[Edit(value.start_byte, operator.start_byte, b"")],
            allocations=[value],
            watched=[(file.path, name)],
        )


def _single_assignment(decl: Node) -> tuple[Node, Node] | None:
    """(name, value) of `name := value` with exactly one of each."""
    left, right = decl.child_by_field_name("left"), decl.child_by_field_name("right")
    if left is None or right is None:
        return None
    if len(left.named_children) != 1 or len(right.named_children) != 1:
        return None
    name = left.named_children[0]
    return (name, right.named_children[0]) if name.type == "identifier" else None


def _address_of_literal(node: Node) -> Node | None:
    """The composite literal of `&T{...}` (T a plain type name), else None."""
    if node.type != "unary_expression" or not parsing.text(node).startswith("&"):
        return None
    operand = node.child_by_field_name("operand")
    if operand is None or operand.type != "composite_literal":
        return None
    type_node = operand.child_by_field_name("type")
    return operand if type_node is not None and type_node.type == "type_identifier" else None


def _type_reason(model: StructModel, type_name: str, limit: int | None) -> str:
    if model.struct(type_name) is None:
        return f"{type_name} is not a struct declared once in the package"
    decl = model.types[type_name]
    if decl.generic:
        return f"{type_name} is generic"
    no_copy = model.no_copy(type_name)
    if no_copy:
        return f"{type_name} holds {no_copy}: keep it behind a pointer"
    if limit is not None:
        layout = model.layout(type_name)
        if layout.size is None:
            return f"the size of {type_name} is unknown ({layout.why})"
        if layout.size > limit:
            return (
                f"{type_name} is {layout.size} bytes, over the {limit}-byte limit ({MAX_BYTES_ENV})"
            )
    return ""


def _scope(node: Node) -> Node | None:
    """The body of the innermost function holding `node`."""
    function = parsing.enclosing(node, *_FUNCTIONS)
    return function.child_by_field_name("body") if function is not None else None


def local_reason(model: StructModel, name: Node, shape: Shape, scope: Node) -> str:
    """Why the local declared at `name` cannot hold a value instead of a pointer ("" if it can)."""
    label = parsing.text(name)
    for use in identifiers(scope, label):
        if use == name:
            continue
        if use.start_byte < name.start_byte:
            return f"{label} also names something else used before it in the function"
        if _declares(use):
            return f"{label} is declared again in the function"
        if parsing.enclosing(use, *_FUNCTIONS) != scope.parent:
            return f"{label} is captured by a closure (line {use.start_point[0] + 1})"
        reason = _use_reason(model, use, shape, addressable=True)
        if reason:
            return f"{reason} (line {use.start_point[0] + 1})"
    return ""


def _declares(identifier: Node) -> bool:
    parent = identifier.parent
    if parent is None:
        return False
    if parent.type in ("parameter_declaration", "variadic_parameter_declaration"):
        return True
    if parent.type in ("var_spec", "const_spec", "type_switch_statement"):
        return parent.child_by_field_name("value") != identifier
    if parent.type == "expression_list" and parent.parent is not None:
        holder = parent.parent
        return holder.type in ("short_var_declaration", "range_clause") and (
            holder.child_by_field_name("left") == parent
        )
    return False


def _use_reason(model: StructModel, use: Node, shape: Shape, *, addressable: bool) -> str:
    """Why this use of the pointer (`use`, an identifier or a call) needs it to stay one."""
    what = parsing.text(use)
    parent = use.parent
    if (
        parent is not None
        and parent.type == "selector_expression"
        and (parent.child_by_field_name("operand") == use)
    ):
        selected = parsing.text(parent)
        found = lookup(model, shape, parsing.text(parent.child_by_field_name("field")))
        if found is None:
            return f"{selected} cannot be resolved"
        if found.method is not None:
            if not parsing.is_called(parent):
                return f"{selected} is used as a method value"
            if not addressable and found.method.pointer and not found.through_pointer:
                return f"{selected} calls a pointer method, which needs an addressable value"
            return ""
        if _address_taken(parent):
            return f"the address of {selected} is taken"
        if not addressable and not found.through_pointer and _written(parent):
            return f"{selected} is written, which needs an addressable value"
        return ""
    return f"{what} {_bare_use(use)}"


def _address_taken(node: Node) -> bool:
    """`&x.f`, `&x.f.g[i]`, `x.arr[:]`: a pointer into the struct is made."""
    while node.parent is not None:
        parent = node.parent
        if parent.type in ("selector_expression", "index_expression", "parenthesized_expression"):
            if parent.type != "parenthesized_expression" and (
                parent.child_by_field_name("operand") != node
            ):
                return False
            node = parent
            continue
        if parent.type == "slice_expression":
            return parent.child_by_field_name("operand") == node
        return parent.type == "unary_expression" and parsing.text(parent).startswith("&")
    return False


def _written(node: Node) -> bool:
    """The expression is assigned to or incremented (directly or through a selector)."""
    while node.parent is not None and node.parent.type in (
        "selector_expression",
        "index_expression",
        "parenthesized_expression",
    ):
        node = node.parent
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("inc_statement", "dec_statement"):
        return True
    holder = parent.parent
    return (
        parent.type == "expression_list"
        and holder is not None
        and holder.type in ("assignment_statement", "range_clause")
        and holder.child_by_field_name("left") == parent
    )


def _bare_use(use: Node) -> str:
    """How a use of the pointer itself (not one of its fields) keeps it a pointer."""
    parent = use.parent
    if parent is None:
        return "is used as a value"
    holder = parent.parent if parent.type == "expression_list" else parent
    holder_type = holder.type if holder is not None else ""
    if holder_type == "return_statement":
        return "is returned"
    if parent.type == "argument_list":
        return "is passed to a function"
    if parent.type == "binary_expression":
        return "is compared"
    if parent.type == "unary_expression":
        return "is dereferenced"
    if (
        holder is not None
        and holder.child_by_field_name("left") == parent
        and holder_type
        in (
            "assignment_statement",
            "range_clause",
        )
    ):
        return "is reassigned"
    if holder_type in ("assignment_statement", "short_var_declaration", "var_spec"):
        return "is stored in another variable"
    if parent.type in ("literal_element", "keyed_element", "send_statement"):
        return "is stored"
    return f"is used as a value ({parent.type.replace('_', ' ')})"


# -- (b) constructors ---------------------------------------------------------------------


def _constructors(
    file: GoFile, get_model: Callable[[], StructModel]
) -> Iterator[Candidate | Refusal]:
    for function in file.root.named_children:
        if function.type != "function_declaration":
            continue
        candidate = _constructor(file, get_model, function)
        if candidate is not None:
            yield candidate


def _constructor(
    file: GoFile, get_model: Callable[[], StructModel], function: Node
) -> Candidate | Refusal | None:
    name_node = function.child_by_field_name("name")
    result = function.child_by_field_name("result")
    body = function.child_by_field_name("body")
    name = parsing.text(name_node)
    if name_node is None or body is None or result is None or result.type != "pointer_type":
        return None
    inner = result.named_children[0] if result.named_children else None
    if inner is None or inner.type != "type_identifier":
        return None
    type_name = parsing.text(inner)
    returns = [r for r in _returns(body)]
    literals = [_returned_literal(r, type_name) for r in returns]
    if not any(literals):
        return None  # not a constructor of T: nothing to say
    label = f"{name} returns *{type_name}"

    def refuse(reason: str) -> Refusal:
        return file.refuse(ID, function, f"{label}: {reason}")

    if not name[:1].islower():
        return refuse("it is exported: callers outside the package may keep the pointer")
    if function.child_by_field_name("type_parameters") is not None:
        return refuse("it is generic")
    for ret, literal in zip(returns, literals, strict=True):
        if literal is None:
            line = ret.start_point[0] + 1
            return refuse(f"line {line} returns something other than &{type_name}{{...}}")
    model = get_model()
    reason = _type_reason(model, type_name, size_limit(MAX_BYTES_ENV, DEFAULT_MAX_BYTES))
    if reason:
        return refuse(reason)
    shape = model.shape_of_type(type_name)
    calls: list[tuple[Path, Node]] = []
    declarations = 0
    for go_file, compiled in _files_using(file, name):
        for use in identifiers(go_file.root, name):
            parent = use.parent
            if parent is not None and parent.type == "function_declaration":
                declarations += parent.parent == go_file.root
                continue
            where = f"{go_file.path.name}:{use.start_point[0] + 1}"
            if parent is None or parent.type != "call_expression":
                return refuse(f"{name} is used as a function value at {where}")
            reason = _caller_reason(model, parent, shape)
            if reason:
                return refuse(f"a caller keeps the pointer: {reason} at {where}")
            arguments = parent.child_by_field_name("arguments")
            if compiled and arguments is not None:
                # The compiler reports an inlined call's allocation at its "(".
                calls.append((go_file.path, arguments))
    if declarations != 1:
        return refuse(f"{name} is declared more than once (build constraints)")
    if any(_linknamed(go_file, name) for go_file in package_files(file)):
        return refuse(f"{name} is named in a //go:linkname directive (other code links to it)")
    edits = [Edit(result.start_byte, inner.start_byte, b"")]
    allocations = []
    for ret in returns:
        value = _returned_value(ret)
        assert value is not None
        operand = value.child_by_field_name("operand")
        assert operand is not None
        edits.append(Edit(value.start_byte, operand.start_byte, b""))
        allocations.append(value)
    watched = [
        (path, v)
        for path, arguments in calls
        if arguments.parent is not None and (v := _stored_in(arguments.parent)) is not None
    ]
    size = model.layout(type_name).size
    return Candidate(
        anchor=function,
        label=label,
        message=f"{name} can return {type_name} by value ({size} bytes): every caller only "
        f"reads fields or calls methods of the result, and &{type_name}{{...}} escapes to the heap",
        edits=edits,
        allocations=allocations,
        watched=watched,
        calls=calls,
    )


def _linknamed(go_file: GoFile, name: str) -> bool:
    if b"//go:linkname" not in go_file.source:
        return False  # most files have no directive: skip splitting them into lines
    wanted = name.encode()
    return any(
        word == wanted or word.endswith(b"." + wanted)
        for line in go_file.source.splitlines()
        if line.lstrip().startswith(b"//go:linkname")
        for word in line.split()[1:]
    )


def _returns(body: Node) -> Iterator[Node]:
    """The return statements of a function body, not of the closures inside it."""
    found = parsing.captures("(return_statement) @return", body).get("return", [])
    for node in sorted(found, key=lambda n: n.start_byte):
        if parsing.enclosing(node, *_FUNCTIONS) == body.parent:
            yield node


def _returned_value(ret: Node) -> Node | None:
    values = next((c for c in ret.named_children if c.type == "expression_list"), None)
    if values is None or len(values.named_children) != 1:
        return None
    return values.named_children[0]


def _returned_literal(ret: Node, type_name: str) -> Node | None:
    value = _returned_value(ret)
    literal = _address_of_literal(value) if value is not None else None
    if literal is None or parsing.text(literal.child_by_field_name("type")) != type_name:
        return None
    return literal


def _files_using(file: GoFile, name: str) -> Iterator[tuple[GoFile, bool]]:
    """The package's files, then its same-package test files (not compiled by the check).

    Test files whose text does not mention `name` are skipped unparsed: no identifier of
    theirs can be spelled `name`.
    """
    for go_file in package_files(file):
        yield go_file, True
    package = file.package
    directory = package.directory if package is not None else file.path.parent
    if package is None:
        paths = sorted(directory.glob("*_test.go"))
    else:
        paths = package.memo((ID, "test paths"), lambda: sorted(directory.glob("*_test.go")))
    wanted = name.encode()
    for path in paths:
        if package is None:
            source = _read(path)
        else:
            source = package.memo((ID, "test source", path), partial(_read, path))
        if source is None or wanted not in source:
            continue
        if package is None:
            test_file = GoFile.from_bytes(path, source)
        else:
            # Parsed once per package, not once per constructor that looks at its callers.
            test_file = package.memo(
                (ID, "test file", path), partial(GoFile.from_bytes, path, source)
            )
        if test_file.package_name == file.package_name:
            yield test_file, False


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _caller_reason(model: StructModel, call: Node, shape: Shape) -> str:
    """Why this call of the constructor needs a pointer result ("" when a value does)."""
    parent = call.parent
    if parent is None:
        return "unknown use"
    if parent.type == "expression_statement":
        return ""
    if parent.type == "selector_expression":
        return _use_reason(model, call, shape, addressable=False)
    stored = _stored_in(call)
    if stored is not None:
        scope = _scope(call)
        if scope is None:
            return f"{parsing.text(stored)} is a package-level variable"
        return local_reason(model, stored, shape, scope)
    holder = parent.parent if parent.type == "expression_list" else parent
    if holder is not None and holder.type == "var_spec":
        return f"{parsing.text(holder)} declares a pointer"
    return f"the result {_bare_use(call)}"


def _stored_in(call: Node) -> Node | None:
    """`x` of `x := f()` or `var x = f()` (no type, one name, one value)."""
    values = call.parent
    holder = values.parent if values is not None else None
    if values is None or holder is None or values.type != "expression_list":
        return None
    if len(values.named_children) != 1:
        return None
    if holder.type == "short_var_declaration" and holder.child_by_field_name("right") == values:
        single = _single_assignment(holder)
        return single[0] if single is not None else None
    if holder.type == "var_spec" and holder.child_by_field_name("type") is None:
        names = holder.children_by_field_name("name")
        return names[0] if len(names) == 1 else None
    return None


# -- the compiler's word ------------------------------------------------------------------


def _position(node: Node) -> tuple[int, int]:
    return node.start_point[0] + 1, node.start_point[1] + 1


def _confirm(file: GoFile, candidates: list[Candidate]) -> Iterator[Rewrite | Refusal]:
    """Keep candidates whose allocation escapes and stays saved once rewritten."""
    files = package_files(file)
    before = escape.report(files)
    if isinstance(before, escape.Unavailable):
        for c in candidates:
            yield file.refuse(
                ID, c.anchor, f"{c.label}: escape analysis unavailable: {before.reason}"
            )
        return
    escaping: list[Candidate] = []
    for c in candidates:
        verdicts = [before.escapes(file.path, *_position(a)) for a in c.allocations]
        if not any(verdicts):
            said = "says it does not escape" if False in verdicts else "reports nothing about it"
            yield file.refuse(ID, c.anchor, f"{c.label}: the compiler {said}: no heap allocation")
            continue
        inlined = [before.escapes(path, *_position(call)) for path, call in c.calls]
        if inlined and all(v is False for v in inlined):
            yield file.refuse(
                ID,
                c.anchor,
                f"{c.label}: every call is inlined and keeps the result on the stack already",
            )
            continue
        escaping.append(c)
    if not escaping:
        return
    rewritten = apply_edits(file.source, [e for c in escaping for e in c.edits])
    after = escape.report(files, {file.path: rewritten})
    if isinstance(after, escape.Unavailable):
        for c in escaping:
            reason = f"{c.label}: refused after rewriting: {after.reason}"
            yield file.refuse(ID, c.anchor, reason)
        return
    for c in escaping:
        moved = [
            parsing.text(v)
            for path, v in c.watched
            if after.moved_to_heap(path, *_position(v), parsing.text(v))
        ]
        if moved:
            yield file.refuse(
                ID,
                c.anchor,
                f"{c.label}: after the rewrite the compiler moves {', '.join(moved)} to the heap "
                "(a method keeps a pointer to it): no allocation would be saved",
            )
            continue
        yield file.rewrite(ID, c.anchor, c.message, c.edits, covers=c.allocations)
