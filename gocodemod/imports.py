"""Adding and dropping imports the way gofmt and goimports lay them out.

A new import goes into the file's import block: into its group of standard-library paths
in sorted position (goimports' layout), else into its first group holding a
standard-library path, else as a new group of its own at the top of the block. A single
`import "fmt"` becomes a block. A file without imports gets an `import` line after its
package clause. `import "C"` is never touched: cgo reads the comment right above it.

An import is dropped only when nothing in the file refers to its name any more; a named,
blank or dot import is always kept as the author wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tree_sitter import Node

from gocodemod import parsing
from gocodemod.edits import apply_edits
from gocodemod.model import Edit

_USES = """
(selector_expression operand: (identifier) @name)
(qualified_type package: (package_identifier) @name)
"""
_MAJOR_VERSION = re.compile(r"v[0-9]+")
_IDENTIFIER_PREFIX = re.compile(r"[A-Za-z0-9_]*")


def is_std(path: str) -> bool:
    return "." not in path.split("/", 1)[0]


def default_name(path: str) -> str:
    """The name an unnamed import of `path` is used by, guessed as goimports guesses it.

    `math/rand/v2` is `rand`, `gopkg.in/yaml.v3` is `yaml`, `github.com/x/go-foo` is `foo`.
    """
    parts = path.split("/")
    base = parts[-1]
    if _MAJOR_VERSION.fullmatch(base) and len(parts) > 1:
        base = parts[-2]
    base = base.removeprefix("go-")
    return _IDENTIFIER_PREFIX.match(base).group(0)  # type: ignore[union-attr]


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


def _path_of(spec: Node) -> str:
    return parsing.text(spec.child_by_field_name("path")).strip('"`')


def _name_of(spec: Node) -> str:
    """The name `spec` is used by in the file ("_" and "." included)."""
    name = spec.child_by_field_name("name")
    return parsing.text(name) if name is not None else default_name(_path_of(spec))


def _specs(root: Node) -> list[tuple[Node, Node, str]]:
    """(import_declaration, import_spec, path) for every import in the file."""
    result = []
    for decl in root.named_children:
        if decl.type != "import_declaration":
            continue
        for spec in parsing.walk(decl):
            if spec.type == "import_spec":
                result.append((decl, spec, _path_of(spec)))
    return result


def import_clash(root: Node, path: str) -> str | None:
    """Why adding an unnamed import of `path` would not compile, or None.

    It would not when another import already uses the same name (`example.com/strings`
    next to a new `strings`).
    """
    name = default_name(path)
    if any(p == path and _name_of(s) == name for _, s, p in _specs(root)):
        return None  # already imported under that name: nothing is added
    for _, spec, other in _specs(root):
        if other != path and _name_of(spec) == name:
            return f"needs import {path!r} but {name!r} already names import {other!r}"
    return None


def _is_cgo(decl: Node, specs: list[tuple[Node, Node, str]]) -> bool:
    return any(d == decl and p == "C" for d, _, p in specs)


def _add(source: bytes, path: str, newline: bytes) -> bytes:
    root = parsing.parse(source).root_node
    specs = _specs(root)
    name = default_name(path)
    if any(p == path and _name_of(s) == name for _, s, p in specs):
        return source
    line = f'"{path}"'.encode()
    usable = [(d, s, p) for d, s, p in specs if not _is_cgo(d, specs)]
    if not usable:
        if specs:
            # Only `import "C"`: a declaration of its own after it.
            last = specs[-1][0]
            end = _line_end(source, last.end_byte)
            return apply_edits(source, [Edit(end, end, newline * 2 + b"import " + line)])
        clause = next((c for c in root.named_children if c.type == "package_clause"), None)
        if clause is None:
            raise ValueError("no package clause to put an import after")
        end = _line_end(source, clause.end_byte)
        return apply_edits(source, [Edit(end, end, newline * 2 + b"import " + line)])
    block = next(
        (d for d, _, _ in usable if any(c.type == "import_spec_list" for c in d.named_children)),
        None,
    )
    if block is None:
        # `import "fmt"` becomes a parenthesised block holding both, sorted by path as gofmt
        # sorts them (a named import sorts by its path, not its name).
        decl, spec, existing = usable[0]
        entries = sorted([(existing, parsing.text(spec).encode()), (path, line)])
        body = (
            b"import ("
            + newline
            + b"".join(b"\t" + text + newline for _, text in entries)
            + b")"
        )
        return apply_edits(source, [Edit(decl.start_byte, decl.end_byte, body)])
    block_specs = [s for d, s, _ in usable if d == block]
    group = _group_for(block_specs, source)
    if not group:
        first = block_specs[0]
        start = first.start_byte
        return apply_edits(source, [Edit(start, start, line + newline + newline + b"\t")])
    for spec in group:
        if _path_of(spec) > path:
            start = spec.start_byte
            return apply_edits(source, [Edit(start, start, line + newline + b"\t")])
    end = _line_end(source, group[-1].end_byte)
    return apply_edits(source, [Edit(end, end, newline + b"\t" + line)])


def _groups(block_specs: list[Node], source: bytes) -> list[list[Node]]:
    """Runs of specs with no blank line between them: gofmt sorts within each run."""
    groups: list[list[Node]] = []
    for spec in block_specs:
        between = source[groups[-1][-1].end_byte : spec.start_byte] if groups else b""
        if groups and b"\n\n" not in between.replace(b"\r", b""):
            groups[-1].append(spec)
        else:
            groups.append([spec])
    return groups


def _group_for(block_specs: list[Node], source: bytes) -> list[Node]:
    """The group a standard-library path joins: the first all-std one, else the first with
    any standard-library path; [] when no group has one (a new group is started)."""
    groups = _groups(block_specs, source)
    for group in groups:
        if all(is_std(_path_of(s)) for s in group):
            return group
    for group in groups:
        if any(is_std(_path_of(s)) for s in group):
            return group
    return []


def _line_end(source: bytes, offset: int) -> int:
    """End of the line holding `offset` (after any trailing comment), before its newline."""
    end = source.find(b"\n", offset)
    end = len(source) if end < 0 else end
    return end - 1 if end > 0 and source[end - 1 : end] == b"\r" else end


def _is_blank_line_before(source: bytes, offset: int) -> bool:
    """Whether the line ending just before `offset` (a line start) is empty."""
    text = source[:offset].replace(b"\r", b"")
    return text.endswith(b"\n\n")


def _drop(source: bytes, path: str, newline: bytes) -> bytes:
    root = parsing.parse(source).root_node
    specs = _specs(root)
    target = next(((d, s) for d, s, p in specs if p == path), None)
    if target is None:
        return source
    decl, spec = target
    if spec.child_by_field_name("name") is not None:
        return source  # a named, blank or dot import is kept as the author wrote it
    names = {default_name(path), path.rsplit("/", 1)[-1]}
    if names & used_names(root):
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
    # Removing the only spec of a group would leave two blank lines together, or a blank
    # line right inside the parentheses; gofmt would remove it, so remove it here.
    before, after = source[:start], source[end:]
    blank_before = _is_blank_line_before(source, start)
    opens_block = before.replace(b"\r", b"").rstrip(b"\n").endswith(b"(")
    blank_after = after.startswith((b"\n", b"\r\n"))
    closes_block = after.lstrip(b" \t").startswith(b")")
    if blank_after and (blank_before or opens_block):
        after = after[after.index(b"\n") + 1 :]
    elif blank_before and closes_block:
        before = before.rstrip(b"\r\n") + newline
    return before + after
