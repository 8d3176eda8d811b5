"""tree-sitter-go: one parser per process, cached queries, and small node helpers."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import tree_sitter_go
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

GO = Language(tree_sitter_go.language())


@cache
def _parser() -> Parser:
    return Parser(GO)


def parse(source: bytes) -> Tree:
    return _parser().parse(source)


@cache
def query(pattern: str) -> Query:
    """Compile a query once per process; transforms call this with module-level patterns."""
    return Query(GO, pattern)


def captures(pattern: str, node: Node) -> dict[str, list[Node]]:
    """Captured nodes by name, each list in source order.

    py-tree-sitter does not return captures in source order, and the order it does return
    varied between runs; transforms report the first offending use they meet, so an
    unsorted list made `scan` output differ from run to run.
    """
    found = QueryCursor(query(pattern)).captures(node)
    return {name: sorted(nodes, key=_position) for name, nodes in found.items()}


def _position(node: Node) -> tuple[int, int]:
    return node.start_byte, -node.end_byte


def matches(pattern: str, node: Node) -> list[dict[str, list[Node]]]:
    return [m for _, m in QueryCursor(query(pattern)).matches(node)]


def text(node: Node | None) -> str:
    """The node's source text (Go source is UTF-8)."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def walk(node: Node) -> Iterator[Node]:
    """Every named descendant of `node`, itself included, in source order."""
    cursor = node.walk()
    while True:
        current = cursor.node
        if current is not None and current.is_named:
            yield current
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def enclosing(node: Node, *types: str) -> Node | None:
    return next((a for a in ancestors(node) if a.type in types), None)


def is_called(node: Node) -> bool:
    """`x.M(...)` / `f(...)`: `node` is the function of a call (not a method value)."""
    call = node.parent
    return (
        call is not None
        and call.type == "call_expression"
        and call.child_by_field_name("function") == node
    )


FUNCTION_TYPES = ("function_declaration", "method_declaration", "func_literal")


def function_name(node: Node) -> str:
    """`Name` or `Type.Method` of the top-level function holding `node` ("" at package level)."""
    decl = None
    for a in ancestors(node):
        if a.type in ("function_declaration", "method_declaration"):
            decl = a
    if node.type in ("function_declaration", "method_declaration"):
        decl = node
    if decl is None:
        return ""
    name = text(decl.child_by_field_name("name"))
    if decl.type == "method_declaration":
        receiver_type = receiver_type_name(decl)
        if receiver_type:
            return f"{receiver_type}.{name}"
    return name


def receiver_type_name(method: Node) -> str:
    """`T` for `func (t *T[K]) M()`; "" when it cannot be read."""
    receiver = method.child_by_field_name("receiver")
    if receiver is None:
        return ""
    for param in receiver.named_children:
        if param.type != "parameter_declaration":
            continue
        type_node = param.child_by_field_name("type")
        while type_node is not None and type_node.type in ("pointer_type", "generic_type"):
            type_node = (
                type_node.named_children[0]
                if type_node.type == "pointer_type"
                else type_node.child_by_field_name("type")
            )
        return text(type_node)
    return ""


def first_error(node: Node) -> Node | None:
    """The first ERROR or MISSING node, for a one-line parse error message."""
    if not node.has_error:
        return None
    for n in _all(node):
        if n.type == "ERROR" or n.is_missing:
            return n
    return node


def _all(node: Node) -> Iterator[Node]:
    cursor = node.walk()
    while True:
        if cursor.node is not None:
            yield cursor.node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return
