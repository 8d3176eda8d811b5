"""The struct model of one Go package, read from its own source (tree-sitter has no types).

For every type declared at package level in the package's non-test files it knows the
underlying type expression; for struct types, the fields, an estimated size and alignment
on a 64-bit platform (gc's layout rules: each field aligned to its own alignment, a trailing
zero-size field padded, the total rounded up to the struct's alignment), and whether a
value of it holds something that must not be copied: a `sync.Mutex`, `RWMutex`,
`WaitGroup`, `Once`, `Cond`, `Map` or `Pool`, any `sync/atomic` type, or a `noCopy` field,
directly, in a nested struct of the package, or in an array of them.

A size is only given when every field's type is known: predeclared types, types declared in
the package, pointers, slices, maps, channels, functions, interfaces, arrays with a literal
length, and a handful of well-known standard types (`time.Time`, `time.Duration`). Anything
else makes the size unknown, and transforms that need a size refuse.

It also lists every method of every type, so a transform can look at all of a type's
methods, wherever in the package they are declared.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tree_sitter import Node

from gocodemod import parsing
from gocodemod.discovery import is_generated
from gocodemod.source import GoFile, Package

WORD = 8
"""Bytes in a machine word on the 64-bit platforms Go is benchmarked on."""

# Predeclared types: (size, alignment) on amd64/arm64.
_PREDECLARED: dict[str, tuple[int, int]] = {
    "bool": (1, 1),
    "int8": (1, 1),
    "uint8": (1, 1),
    "byte": (1, 1),
    "int16": (2, 2),
    "uint16": (2, 2),
    "int32": (4, 4),
    "uint32": (4, 4),
    "rune": (4, 4),
    "float32": (4, 4),
    "int64": (8, 8),
    "uint64": (8, 8),
    "float64": (8, 8),
    "complex64": (8, 4),
    "int": (8, 8),
    "uint": (8, 8),
    "uintptr": (8, 8),
    "complex128": (16, 8),
    "string": (16, 8),
    "error": (16, 8),
    "any": (16, 8),
}

# Standard-library types whose layout is stable and small enough to be worth knowing.
_KNOWN_EXTERNAL: dict[tuple[str, str], tuple[int, int]] = {
    ("time", "Duration"): (8, 8),
    ("time", "Month"): (8, 8),
    ("time", "Weekday"): (8, 8),
    ("time", "Time"): (24, 8),
    ("unsafe", "Pointer"): (8, 8),
}

_SYNC_TYPES = frozenset({"Mutex", "RWMutex", "WaitGroup", "Once", "Cond", "Map", "Pool"})

# Type expressions whose value is a reference (or immutable): copying them shares, never splits.
REFERENCE_TYPES = frozenset(
    {"pointer_type", "slice_type", "map_type", "channel_type", "function_type", "interface_type"}
)


def size_limit(env_var: str, default: int) -> int:
    """A size limit in bytes from the environment, else `default` (bad values are ignored)."""
    try:
        value = int(os.environ.get(env_var, ""))
    except ValueError:
        return default
    return value if value >= 0 else default


@dataclass(frozen=True)
class Layout:
    """Size and alignment in bytes; `size` is None with `why` when it cannot be known."""

    size: int | None
    align: int = 1
    why: str = ""


@dataclass(frozen=True)
class Field:
    """One field of a struct. An embedded field is named after its type (`Inner`, `Mutex`)."""

    name: str
    type: Node
    embedded: bool
    file: GoFile


@dataclass
class TypeDecl:
    """A package-level `type Name ...` declaration (aliases are not recorded)."""

    name: str
    file: GoFile
    spec: Node
    type: Node
    generic: bool

    @property
    def is_struct(self) -> bool:
        return self.type.type == "struct_type"


@dataclass
class Method:
    """A method declaration: `func (receiver *Type) name(...)`."""

    name: str
    type_name: str
    file: GoFile
    node: Node
    pointer: bool
    receiver: str
    """The receiver's name; "" when it has none or is `_`."""
    receiver_type: Node
    """The receiver's type expression (`*T`, `T`, `*T[K]`)."""

    @property
    def body(self) -> Node | None:
        return self.node.child_by_field_name("body")


@dataclass
class Shape:
    """What a value of some type is made of, as far as copying it is concerned.

    `kind` is `struct` (fields inline), `array` (elements inline), `scalar` (a basic value:
    numbers, bools, strings), `reference` (pointer, slice, map, channel, func, interface:
    a copy shares what it points to) or `unknown`. `named` is the package-level type name
    the value has, if it is one of the package's own types (for method lookup).
    """

    kind: Literal["struct", "array", "scalar", "reference", "unknown"]
    file: GoFile | None = None
    named: str | None = None
    fields: tuple[Field, ...] = ()
    element: Node | None = None


def int_literal(text: str) -> int | None:
    digits = text.replace("_", "")
    try:
        return int(digits, 0)
    except ValueError:
        if digits.isdigit():  # Go's legacy octal: 0755
            return int(digits, 8)
        return None


def _align_up(offset: int, align: int) -> int:
    return (offset + align - 1) // align * align


def struct_fields(struct_type: Node, file: GoFile) -> tuple[Field, ...]:
    """The fields of a `struct_type` node, one per name (`a, b int` gives two)."""
    fields: list[Field] = []
    body = next((c for c in struct_type.named_children if c.type == "field_declaration_list"), None)
    if body is None:
        return ()
    for decl in body.named_children:
        if decl.type != "field_declaration":
            continue
        type_node = decl.child_by_field_name("type")
        if type_node is None:
            continue
        names = [c for c in decl.children_by_field_name("name")]
        if names:
            fields.extend(Field(parsing.text(n), type_node, False, file) for n in names)
        else:
            fields.append(Field(_embedded_name(type_node), type_node, True, file))
    return tuple(fields)


def _embedded_name(type_node: Node) -> str:
    node: Node | None = type_node
    while node is not None and node.type in ("pointer_type", "generic_type", "qualified_type"):
        if node.type == "pointer_type":
            node = node.named_children[0] if node.named_children else None
        elif node.type == "generic_type":
            node = node.child_by_field_name("type")
        else:
            node = node.child_by_field_name("name")
    return parsing.text(node)


class StructModel:
    """Types, fields, sizes, no-copy facts and methods of one package (test files excluded)."""

    def __init__(self, files: list[GoFile]) -> None:
        self.files = files
        self.types: dict[str, TypeDecl] = {}
        self.duplicates: set[str] = set()
        """Names declared more than once (build-constrained variants): their facts are unknown."""
        self.methods: dict[str, list[Method]] = {}
        self.generated: set[Path] = set()
        self._layouts: dict[str, Layout] = {}
        self._no_copy: dict[str, str | None] = {}
        self._in_progress: set[str] = set()
        self._fields: dict[tuple[int, int, int], tuple[Field, ...]] = {}
        self.memo: dict[tuple[str, str], object] = {}
        """Per-package results transforms compute once (keyed by transform id and topic)."""
        for go_file in files:
            if is_generated(go_file.source):
                self.generated.add(go_file.path)
            self._collect(go_file)

    # -- collection ----------------------------------------------------------------------

    def _collect(self, go_file: GoFile) -> None:
        for node in go_file.root.named_children:
            if node.type == "type_declaration":
                for spec in node.named_children:
                    if spec.type == "type_spec":
                        self._add_type(spec, go_file)
            elif node.type == "method_declaration":
                method = _method(node, go_file)
                if method is not None:
                    self.methods.setdefault(method.type_name, []).append(method)

    def _add_type(self, spec: Node, go_file: GoFile) -> None:
        name = parsing.text(spec.child_by_field_name("name"))
        type_node = spec.child_by_field_name("type")
        if not name or type_node is None:
            return
        if name in self.types:
            self.duplicates.add(name)
            return
        generic = spec.child_by_field_name("type_parameters") is not None
        self.types[name] = TypeDecl(name, go_file, spec, type_node, generic)

    # -- queries -------------------------------------------------------------------------

    def struct(self, name: str) -> TypeDecl | None:
        """The package's non-generic struct type `name`, declared exactly once."""
        decl = self.types.get(name)
        if decl is None or name in self.duplicates or not decl.is_struct:
            return None
        return decl

    def fields(self, name: str) -> tuple[Field, ...]:
        decl = self.types.get(name)
        if decl is None or not decl.is_struct:
            return ()
        return self.struct_fields(decl.type, decl.file)

    def struct_fields(self, struct_type: Node, go_file: GoFile) -> tuple[Field, ...]:
        """`struct_fields`, read once per struct type expression of the package."""
        key = (id(go_file), struct_type.start_byte, struct_type.end_byte)
        found = self._fields.get(key)
        if found is None:
            found = self._fields[key] = struct_fields(struct_type, go_file)
        return found

    def layout(self, name: str) -> Layout:
        """Size and alignment of the package's type `name`."""
        if name in self._layouts:
            return self._layouts[name]
        decl = self.types.get(name)
        if decl is None:
            return Layout(None, 1, f"{name} is not declared in the package")
        if name in self.duplicates:
            return Layout(None, 1, f"{name} is declared more than once (build constraints)")
        if decl.generic:
            return Layout(None, 1, f"{name} is generic: its size depends on the type arguments")
        if name in self._in_progress:
            return Layout(None, 1, f"{name} contains itself")
        self._in_progress.add(name)
        try:
            result = self.layout_of(decl.type, decl.file)
        finally:
            self._in_progress.discard(name)
        self._layouts[name] = result
        return result

    def layout_of(self, type_node: Node, go_file: GoFile) -> Layout:
        """Size and alignment of a type expression written in `go_file`."""
        kind = type_node.type
        if kind in REFERENCE_TYPES:
            # A slice is pointer, len and cap; an interface is type word and data word.
            words = {"slice_type": 3, "interface_type": 2}.get(kind, 1)
            return Layout(words * WORD, WORD)
        if kind == "parenthesized_type" and type_node.named_children:
            return self.layout_of(type_node.named_children[0], go_file)
        if kind == "type_identifier":
            name = parsing.text(type_node)
            if name in self.types:
                return self.layout(name)
            if name in _PREDECLARED:
                size, align = _PREDECLARED[name]
                return Layout(size, align)
            return Layout(None, 1, f"type {name} is unknown")
        if kind == "qualified_type":
            path = _import_path(type_node, go_file)
            name = parsing.text(type_node.child_by_field_name("name"))
            known = _KNOWN_EXTERNAL.get((path, name))
            if known is not None:
                return Layout(*known)
            return Layout(None, 1, f"the size of {parsing.text(type_node)} is unknown")
        if kind == "array_type":
            return self._array_layout(type_node, go_file)
        if kind == "struct_type":
            return self._struct_layout(self.struct_fields(type_node, go_file))
        return Layout(None, 1, f"the size of {parsing.text(type_node)} is unknown")

    def _array_layout(self, array: Node, go_file: GoFile) -> Layout:
        length_node = array.child_by_field_name("length")
        element = array.child_by_field_name("element")
        length = int_literal(parsing.text(length_node)) if length_node is not None else None
        if length_node is None or length_node.type != "int_literal" or length is None:
            return Layout(None, 1, f"the length of {parsing.text(array)} is not a literal")
        if element is None:
            return Layout(None, 1, "array without element type")
        inner = self.layout_of(element, go_file)
        if inner.size is None:
            return inner
        return Layout(inner.size * length, inner.align)

    def _struct_layout(self, fields: tuple[Field, ...]) -> Layout:
        offset, align, last_size = 0, 1, -1
        for f in fields:
            inner = self.layout_of(f.type, f.file)
            if inner.size is None:
                return Layout(None, 1, f"field {f.name}: {inner.why}")
            offset = _align_up(offset, inner.align) + inner.size
            align = max(align, inner.align)
            last_size = inner.size
        if last_size == 0 and offset > 0:
            offset += 1  # gc pads a trailing zero-size field so &s.last stays inside s
        return Layout(_align_up(offset, align), align)

    def no_copy(self, name: str) -> str | None:
        """Why a value of the package's type `name` must not be copied (None: it may be)."""
        if name in self._no_copy:
            return self._no_copy[name]
        decl = self.types.get(name)
        if decl is None or name in self._in_progress:
            return None
        self._in_progress.add(name)
        try:
            found = self.no_copy_in(decl.type, decl.file)
        finally:
            self._in_progress.discard(name)
        self._no_copy[name] = found
        return found

    def no_copy_in(self, type_node: Node, go_file: GoFile) -> str | None:
        """Why a value of this type expression must not be copied, if it must not."""
        kind = type_node.type
        if kind in ("parenthesized_type", "array_type"):
            inner = (
                type_node.child_by_field_name("element")
                if kind == "array_type"
                else (type_node.named_children[0] if type_node.named_children else None)
            )
            return self.no_copy_in(inner, go_file) if inner is not None else None
        if kind == "generic_type":
            base = type_node.child_by_field_name("type")
            return self.no_copy_in(base, go_file) if base is not None else None
        if kind == "qualified_type":
            path = _import_path(type_node, go_file)
            name = parsing.text(type_node.child_by_field_name("name"))
            if path == "sync" and name in _SYNC_TYPES:
                return f"a sync.{name}"
            if path == "sync/atomic":
                return f"an atomic.{name}"
            return None
        if kind == "type_identifier":
            name = parsing.text(type_node)
            if name == "noCopy":
                return "a noCopy marker"
            if name in self.types:
                inner_reason = self.no_copy(name)
                return f"{inner_reason} (via {name})" if inner_reason else None
            return None
        if kind == "struct_type":
            for f in self.struct_fields(type_node, go_file):
                if f.name == "noCopy":
                    return "a noCopy field"
                reason = self.no_copy_in(f.type, f.file)
                if reason:
                    return f"{reason} in field {f.name}"
            return None
        return None

    def shape(self, type_node: Node | None, go_file: GoFile | None) -> Shape:
        """What a value of the type expression consists of (named types followed)."""
        if type_node is None or go_file is None:
            return Shape("unknown")
        kind = type_node.type
        if kind in REFERENCE_TYPES:
            return Shape("reference", go_file)
        if kind == "parenthesized_type" and type_node.named_children:
            return self.shape(type_node.named_children[0], go_file)
        if kind == "struct_type":
            return Shape("struct", go_file, fields=self.struct_fields(type_node, go_file))
        if kind == "array_type":
            return Shape("array", go_file, element=type_node.child_by_field_name("element"))
        if kind == "type_identifier":
            name = parsing.text(type_node)
            decl = self.types.get(name)
            if decl is not None and name not in self.duplicates and not decl.generic:
                underlying = self.shape(decl.type, decl.file)
                underlying.named = name
                return underlying
            if decl is None and name in _PREDECLARED:
                return Shape("reference" if name in ("error", "any") else "scalar", go_file)
        return Shape("unknown", go_file)

    def shape_of_type(self, name: str) -> Shape:
        """The shape of a value of the package's type `name`."""
        decl = self.types.get(name)
        if decl is None or name in self.duplicates or decl.generic:
            return Shape("unknown")
        shape = self.shape(decl.type, decl.file)
        shape.named = name
        return shape

    def method(self, type_name: str, name: str) -> Method | None:
        return next((m for m in self.methods.get(type_name, ()) if m.name == name), None)


def _import_path(qualified: Node, go_file: GoFile) -> str:
    """The import path a `pkg.Name` refers to in `go_file` ("" when not imported)."""
    package = parsing.text(qualified.child_by_field_name("package"))
    return next((path for path, name in go_file.imports.items() if name == package), "")


def _method(node: Node, go_file: GoFile) -> Method | None:
    receiver = node.child_by_field_name("receiver")
    if receiver is None:
        return None
    param = next((c for c in receiver.named_children if c.type == "parameter_declaration"), None)
    if param is None:
        return None
    type_node = param.child_by_field_name("type")
    type_name = parsing.receiver_type_name(node)
    if type_node is None or not type_name:
        return None
    name_node = param.child_by_field_name("name")
    receiver_name = parsing.text(name_node)
    return Method(
        name=parsing.text(node.child_by_field_name("name")),
        type_name=type_name,
        file=go_file,
        node=node,
        pointer=type_node.type == "pointer_type",
        receiver="" if receiver_name == "_" else receiver_name,
        receiver_type=type_node,
    )


@dataclass
class _Cached:
    package: weakref.ref[object]
    key: tuple[object, ...]
    model: StructModel


_CACHE: dict[int, _Cached] = {}


def package_files(file: GoFile) -> list[GoFile]:
    """`file` and the other parseable non-test files of its package with the same package name."""
    if file.package is None:
        return [file]
    others = [
        f for f in file.package.files if f.path != file.path and f.package_name == file.package_name
    ]
    return [file, *others]


def unreadable_files(file: GoFile) -> list[str]:
    """Names of package files that could not be read or parsed (their facts are missing)."""
    if file.package is None:
        return []
    parsed = {f.path for f in file.package.files}
    return [p.name for p in file.package.paths if p not in parsed and p != file.path]


def model_of(file: GoFile) -> StructModel:
    """The struct model of `file`'s package, built once per Package object."""
    owner: GoFile | Package = file.package if file.package is not None else file
    files = package_files(file)
    # Any file of the package may ask first, so the key must not depend on the order.
    key = tuple(sorted((str(f.path), id(f), len(f.source)) for f in files))
    cached = _CACHE.get(id(owner))
    if cached is not None and cached.package() is owner and cached.key == key:
        return cached.model
    model = StructModel(files)
    _CACHE[id(owner)] = _Cached(weakref.ref(owner), key, model)
    if len(_CACHE) > 64:  # keep the cache to the packages of the current run
        for stale in [k for k, v in _CACHE.items() if v.package() is None]:
            del _CACHE[stale]
    return model


@dataclass
class FieldPath:
    """Where `x.name` lands when `x` has the given shape: a field (maybe promoted) or a method."""

    field: Field | None = None
    through_pointer: bool = False
    """The field is reached through an embedded pointer (it is not stored inline)."""
    method: Method | None = None
    embedded_method_owner: str = ""


def lookup(model: StructModel, shape: Shape, name: str, depth: int = 0) -> FieldPath | None:
    """Resolve `x.name` for a value of `shape`: own field, own method, then promoted ones."""
    for f in shape.fields:
        if f.name == name:
            return FieldPath(field=f)
    if shape.named is not None:
        own = model.method(shape.named, name)
        if own is not None:
            return FieldPath(method=own)
    if depth > 8:
        return None
    for f in shape.fields:
        if not f.embedded:
            continue
        pointer = f.type.type == "pointer_type"
        inner_type = f.type.named_children[0] if pointer and f.type.named_children else f.type
        inner = model.shape(inner_type, f.file)
        found = lookup(model, inner, name, depth + 1)
        if found is not None:
            found.through_pointer = found.through_pointer or pointer
            if found.method is not None and not found.embedded_method_owner:
                found.embedded_method_owner = f.name
            return found
    return None


def identifiers(node: Node, name: str) -> Iterator[Node]:
    """Every `identifier` node spelled `name` under `node` (field names are other node types)."""
    wanted = name.encode()
    if node.text is None or wanted not in node.text:
        return  # most subtrees never mention the name: skip the query
    found = parsing.captures("(identifier) @id", node).get("id", [])
    yield from sorted((n for n in found if n.text == wanted), key=lambda n: n.start_byte)
