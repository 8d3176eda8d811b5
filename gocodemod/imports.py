"""Adding and dropping imports the way gofmt and goimports lay them out.

Standard-library imports go into the first group of standard-library paths, in sorted
position; a file without imports gets an `import` line after its package clause. An import
is dropped only when nothing in the file refers to its name any more.
"""

from __future__ import annotations

from collections.abc import Iterable

from tree_sitter import Node

from gocodemod import parsing
from gocodemod.edits import apply_edits
from gocodemod.model import Edit

_USES = """
(selector_expression operand: (identifier) @name)
(qualified_type package: (package_identifier) @name)
"""


def is_std(path: str) -> bool:
    return "." not in path.split("/", 1)[0]


def used_names(root: Node) -> set[str]:
    return {parsing.text(n) for n in parsing.captures(_USES, root).get("name", [])}


def fix_imports(
    source: bytes, add: Iterable[str] = (), drop: Iterable[str] = (), newline: bytes = b"\n"
) -> bytes:
    for path in sorted(set(drop)):
        source = _drop(source, path, newline)
    for path in sorted(set(add)):
        source = _add(source, path, newline)
    return source


def _specs(root: Node) -> list[tuple[Node, Node, str]]:
    """(import_declaration, import_spec, path) for every import in the file."""
    result = []
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        for spec in parsing.walk(decl):
            if spec.type == "import_spec":
                path = parsing.text(spec.child_by_field_name("path")).strip('"`')
                result.append((decl, spec, path))
    return result


def _add(source: bytes, path: str, newline: bytes) -> bytes:
    root = parsing.parse(source).root_node
    specs = _specs(root)
    if any(p == path for _, _, p in specs):
        return source
    line = f'"{path}"'.encode()
    if not specs:
        clause = next(c for c in root.named_children if c.type == "package_clause")
        return apply_edits(source, [Edit(clause.end_byte, clause.end_byte, newline * 2 + b"import " + line)])
    block = next(
        (d for d, _, _ in specs if any(c.type == "import_spec_list" for c in d.named_children)),
        None,
    )
    if block is None:
        # `import "fmt"` becomes a parenthesised block holding both paths.
        decl, spec, _ = specs[0]
        lines = sorted([parsing.text(spec).encode(), line])
        body = b"import (" + newline + b"".join(b"\t" + entry + newline for entry in lines) + b")"
        return apply_edits(source, [Edit(decl.start_byte, decl.end_byte, body)])
    group = _std_group([s for d, s, _ in specs if d == block], source)
    if not group:
        first = next(s for d, s, _ in specs if d == block)
        start = first.start_byte
        return apply_edits(source, [Edit(start, start, line + newline + newline + b"\t")])
    for spec in group:
        if parsing.text(spec.child_by_field_name("path")).strip('"`') > path:
            return apply_edits(source, [Edit(spec.start_byte, spec.start_byte, line + newline + b"\t")])
    last = group[-1]
    end = _line_end(source, last.end_byte)
    return apply_edits(source, [Edit(end, end, newline + b"\t" + line)])


def _std_group(block_specs: list[Node], source: bytes) -> list[Node]:
    """The first run of specs (no blank line between) holding only standard-library paths."""
    groups: list[list[Node]] = []
    for spec in block_specs:
        if groups and b"\n\n" not in source[groups[-1][-1].end_byte : spec.start_byte].replace(
            b"\r", b""
        ):
            groups[-1].append(spec)
        else:
            groups.append([spec])
    for group in groups:
        if all(is_std(parsing.text(s.child_by_field_name("path")).strip('"`')) for s in group):
            return group
    return []


def _line_end(source: bytes, offset: int) -> int:
    """End of the line holding `offset`, before any trailing comment's newline."""
    end = source.find(b"\n", offset)
    end = len(source) if end < 0 else end
    return end - 1 if end > 0 and source[end - 1 : end] == b"\r" else end


def _drop(source: bytes, path: str, newline: bytes) -> bytes:
    root = parsing.parse(source).root_node
    specs = _specs(root)
    target = next(((d, s) for d, s, p in specs if p == path), None)
    if target is None:
        return source
    decl, spec = target
    if spec.child_by_field_name("name") is not None:
        return source  # a named, blank or dot import is kept as the author wrote it
    if path.rsplit("/", 1)[-1] in used_names(root):
        return source
    in_block = [s for d, s, _ in specs if d == decl]
    if len(in_block) == 1:
        start, end = decl.start_byte, decl.end_byte
        # Take the blank line that separated the declaration from what follows.
        while end < len(source) and source[end : end + 1] in (b"\r", b"\n"):
            end += 1
        return source[:start] + source[end:]
    start = source.rfind(b"\n", 0, spec.start_byte) + 1
    end = source.find(b"\n", spec.end_byte)
    end = len(source) if end < 0 else end + 1
    return source[:start] + source[end:]
