"""A parsed Go file and the package it belongs to, as transforms see them."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar, cast

from tree_sitter import Node, Tree

from gocodemod import parsing
from gocodemod.gomod import Module, find_module
from gocodemod.model import Edit, Refusal, Rewrite

BOM = b"\xef\xbb\xbf"
T = TypeVar("T")


@dataclass
class GoFile:
    """One Go file. `source` excludes a leading BOM (kept in `bom` and restored on write)."""

    path: Path
    source: bytes
    tree: Tree
    bom: bool = False
    package: Package | None = None

    @classmethod
    def from_bytes(cls, path: Path, data: bytes, package: Package | None = None) -> GoFile:
        bom = data.startswith(BOM)
        source = data[len(BOM) :] if bom else data
        return cls(path=path, source=source, tree=parsing.parse(source), bom=bom, package=package)

    @property
    def root(self) -> Node:
        return self.tree.root_node

    @cached_property
    def newline(self) -> bytes:
        """The file's line ending, so inserted lines match it."""
        return b"\r\n" if b"\r\n" in self.source else b"\n"

    @property
    def module(self) -> Module | None:
        if self.package is not None:
            return self.package.module
        return find_module(self.path.parent.resolve())

    @cached_property
    def package_name(self) -> str:
        clause = next((c for c in self.root.named_children if c.type == "package_clause"), None)
        return parsing.text(clause.named_children[0]) if clause and clause.named_children else ""

    @cached_property
    def imports(self) -> dict[str, str]:
        """Import path -> the name it is used by in this file ("_" and "." included)."""
        found: dict[str, str] = {}
        for spec in parsing.captures("(import_spec) @spec", self.root).get("spec", []):
            path_node = spec.child_by_field_name("path")
            if path_node is None:
                continue
            path = parsing.text(path_node).strip('"`')
            name_node = spec.child_by_field_name("name")
            found[path] = parsing.text(name_node) if name_node else path.rsplit("/", 1)[-1]
        return found

    def line_of(self, offset: int) -> int:
        return self.source.count(b"\n", 0, offset) + 1

    def line_start(self, offset: int) -> int:
        return self.source.rfind(b"\n", 0, offset) + 1

    def indent_of(self, node: Node) -> bytes:
        """The leading whitespace of the line `node` starts on."""
        start = self.line_start(node.start_byte)
        end = start
        while end < len(self.source) and self.source[end] in b" \t":
            end += 1
        return self.source[start:end]

    def rewrite(
        self,
        transform: str,
        at: Node,
        message: str,
        edits: Iterable[Edit],
        *,
        add_imports: Iterable[str] = (),
        drop_imports: Iterable[str] = (),
        covers: Iterable[Node] = (),
    ) -> Rewrite:
        """Build a Rewrite anchored at `at`.

        `covers` are the nodes whose execution exercises the rewrite (for benchmark
        selection); by default the lines the edits touch and the anchor's lines.
        """
        # By position only and stably: two insertions at one offset keep the order given.
        edit_tuple = tuple(sorted(edits, key=lambda e: (e.start, e.end)))
        lines: set[int] = set()
        for node in (at, *covers):
            lines.update(range(node.start_point[0] + 1, node.end_point[0] + 2))
        for edit in edit_tuple:
            lines.update(range(self.line_of(edit.start), self.line_of(edit.end) + 1))
        return Rewrite(
            transform=transform,
            path=self.path,
            line=at.start_point[0] + 1,
            column=at.start_point[1] + 1,
            function=parsing.function_name(at),
            message=message,
            edits=edit_tuple,
            add_imports=tuple(add_imports),
            drop_imports=tuple(drop_imports),
            lines=tuple(sorted(lines)),
        )

    def refuse(self, transform: str, at: Node, reason: str) -> Refusal:
        return Refusal(
            transform=transform,
            path=self.path,
            line=at.start_point[0] + 1,
            column=at.start_point[1] + 1,
            function=parsing.function_name(at),
            reason=reason,
        )


@dataclass
class Package:
    """The non-test Go files of one directory, parsed on demand.

    Transforms that need package-wide facts (every method of a type, every caller of a
    function) read `files`; generated files are included there although never rewritten.
    """

    directory: Path
    paths: list[Path]
    _files: dict[Path, GoFile] = field(default_factory=dict)
    _listed: list[GoFile] | None = field(default=None, repr=False)
    _listed_count: int = field(default=0, repr=False)
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def module(self) -> Module | None:
        return find_module(self.directory.resolve())

    def file(self, path: Path, data: bytes | None = None) -> GoFile:
        if path not in self._files:
            if data is None:
                data = path.read_bytes()
            self._files[path] = GoFile.from_bytes(path, data, package=self)
        return self._files[path]

    @property
    def files(self) -> list[GoFile]:
        """Every readable, parseable non-test file of the package (unparseable ones skipped).

        Transforms ask for this once per file or per type; it is computed once per package
        (again only if `paths` grows), not once per call.
        """
        if self._listed is None or self._listed_count != len(self.paths):
            result = []
            for path in self.paths:
                try:
                    go_file = self.file(path)
                except OSError:
                    continue
                if not go_file.root.has_error:
                    result.append(go_file)
            self._listed, self._listed_count = result, len(self.paths)
        return list(self._listed)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A package-wide fact computed once per package and shared by all its files.

        For transforms: facts gathered from every file of the package (top-level
        declarations, files mentioning a name) are the same for each file analysed, so
        computing them per file makes a package of n files cost n times its size. Use a key
        that names the transform, e.g. `("prealloc-slice", "declarations")`.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(T, self._memo[key])

    @classmethod
    def of_directory(cls, directory: Path) -> Package:
        paths = sorted(
            p
            for p in directory.glob("*.go")
            if p.is_file()
            and not p.name.endswith("_test.go")
            and not p.name.startswith((".", "_"))
        )
        return cls(directory=directory, paths=paths)
