"""strings-builder: a string built by `+=` in a loop becomes a `strings.Builder`.

What it does
    Finds a local `string` variable that a `for` loop grows with `s += x` or `s = s + x`
    and rewrites it to a `strings.Builder`:

    - the declaration becomes `var sb strings.Builder`; a non-empty initial value is kept
      as the builder's first write (`s := prefix` -> `sb.WriteString(prefix)`);
    - `s += a + b + c` writes each operand on its own (`sb.WriteString(a)`, ...), so no
      intermediate string is built; `s += fmt.Sprintf(f, args...)` becomes
      `fmt.Fprintf(&sb, f, args...)` (also `Sprint`/`Sprintln`), which formats straight into
      the builder; `fmt.Sprintf("text")` without verbs becomes `sb.WriteString("text")`;
    - `s += string(r)` becomes `sb.WriteRune(r)` when `r` is certainly a `rune`,
      `sb.WriteRune(rune(b))` when `b` is certainly a `byte` (`string(b)` encodes the code
      point `b` as UTF-8, so `WriteByte` would differ for `b >= 0x80`), `sb.WriteByte('c')`
      for an ASCII rune literal and `sb.Write(p)` when `p` is certainly a `[]byte`; any other
      operand is written as the same expression with `WriteString`;
    - reads of `s` become `sb.String()`, `len(s)` becomes `sb.Len()` and `s == ""` becomes
      `sb.Len() == 0` (`!=` likewise).

    The builder is named `sb`, or `sb2`, `sb3`, ... when that name already occurs anywhere in
    the enclosing top-level function (or is taken by another builder there).

Why
    A string is immutable: every `s += x` allocates a new string and copies all of `s`, so a
    loop of n steps allocates n times and copies O(n^2) bytes. A Builder grows one buffer
    geometrically and `String()` returns it without a copy. `go fix`'s `stringsbuilder`
    analyzer writes `sb.WriteString(fmt.Sprintf(...))`, which still allocates the formatted
    string every iteration; `fmt.Fprintf(&sb, ...)` does not.

Example
    ```go
    s := "items:"                         var sb strings.Builder
    for _, it := range items {            sb.WriteString("items:")
        s += " " + it.Name                for _, it := range items {
        s += fmt.Sprintf("=%d", it.N)  ->     sb.WriteString(" ")
    }                                         sb.WriteString(it.Name)
    return s                                  fmt.Fprintf(&sb, "=%d", it.N)
                                          }
                                          return sb.String()
    ```

Exactness
    The builder holds exactly the bytes `s` would hold, because every write to `s` is an
    append; so every read can be answered from it. A `+` chain is split into one write per
    operand only when every operand is certainly of type `string` (a string literal, a
    `string`-typed variable or constant known from the source, `string(...)`, `fmt.Sprint*`,
    `strconv.Format*`/`Itoa`/`Quote*`, a slice of a string); otherwise the whole chain is
    written with one `WriteString` (still exact: Go only allows `s += e` when `e` has the
    type of `s`). Splitting also moves the evaluation of later operands after the earlier
    writes, so when an operand makes a call, the other operands must be literals or local
    variables no call can change (address never taken, never used in a closure); otherwise
    the chain is not split. A panic in the middle of a split is unobservable, because `s`
    is local and not captured.

When it refuses (shown by `gocodemod scan`)
    - `s` is not a local variable: package-level, a struct field or element, a parameter,
      or a named result (returned by a bare `return` and visible to deferred calls);
    - the type of `s` is not certainly `string` (named string types have methods and
      a different type; the builder would change both);
    - `s` is declared with other variables, in a statement header, or is shadowed or
      redeclared inside its scope;
    - `s` is assigned other than by appending (`s = ""`, `s, err = f()`, `for s = range`),
      before, inside or after the loop; a prepend `s = x + s`;
    - the address of `s` is taken, `s` is used in a closure or goroutine, or `s` is a key
      in a composite literal (a field name and a variable cannot be told apart);
    - `s` is read inside the loop other than by `len(s)`, `s == ""`, `s != ""` or
      `return s`, or the appended value reads `s` itself;
    - `strings` is imported under another name, or the name `strings` is taken where the
      builder is declared; the file is in package `strings` or `runtime`, or is a standard
      library package that `strings` itself depends on (the import would be a cycle);
    - a comment sits where the edit would replace text (it would be lost).

    A `fmt.Sprintf` whose result is used on its own each iteration (appended to a slice,
    passed to a call) is not string building: it is left alone, without a finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tree_sitter import Node

from gocodemod import parsing
from gocodemod.model import Edit, Refusal, Rewrite, Safety
from gocodemod.source import GoFile

ID = "strings-builder"
SUMMARY = "`s += x` / `s += fmt.Sprintf(...)` in a loop -> strings.Builder, fmt.Fprintf(&sb, ...)"
DEFAULT = True
SAFETY = Safety.SAFE
# Every file this transform can change appends to a string: `s += ...` or `s = s + ...`.
PREFILTER = re.compile(rb"\+=|=\s*[A-Za-z_][A-Za-z_0-9]*\s*\+")

_FUNCTIONS = ("function_declaration", "method_declaration", "func_literal")
_STRING_LITERALS = ("interpreted_string_literal", "raw_string_literal")

# Standard-library packages `strings` depends on (go list -deps strings, Go 1.27, every
# GOOS): importing `strings` from them would be an import cycle. Everything under
# internal/ and runtime/ is treated the same way.
_STRINGS_DEPENDENCIES = frozenset(
    {
        "errors",
        "io",
        "iter",
        "math/bits",
        "runtime",
        "strings",
        "sync",
        "sync/atomic",
        "unicode",
        "unicode/utf8",
        "unsafe",
    }
)
_REFUSED_PACKAGE_NAMES = frozenset({"strings", "runtime"})

# Calls known to return `string`, by import path.
_STRING_FUNCTIONS = {
    "fmt": frozenset({"Sprintf", "Sprint", "Sprintln"}),
    "strconv": frozenset(
        {
            "Itoa",
            "FormatInt",
            "FormatUint",
            "FormatFloat",
            "FormatBool",
            "FormatComplex",
            "Quote",
            "QuoteToASCII",
            "QuoteToGraphic",
            "QuoteRune",
            "QuoteRuneToASCII",
            "QuoteRuneToGraphic",
        }
    ),
    "strings": frozenset(
        {
            "Repeat",
            "Join",
            "ToUpper",
            "ToLower",
            "ToTitle",
            "TrimSpace",
            "Trim",
            "TrimLeft",
            "TrimRight",
            "TrimPrefix",
            "TrimSuffix",
            "Replace",
            "ReplaceAll",
            "Title",
            "Map",
            "TrimFunc",
            "TrimLeftFunc",
            "TrimRightFunc",
            "ToValidUTF8",
        }
    ),
}
_FMT_TO_WRITER = {"Sprintf": "Fprintf", "Sprint": "Fprint", "Sprintln": "Fprintln"}
_TYPE_ALIASES = {"uint8": "byte", "int32": "rune"}


# --- name resolution ---------------------------------------------------------------------


@dataclass(frozen=True)
class Decl:
    """Where a name is declared. `kind` says by what; `index` is its place in a name list."""

    kind: str  # var, const, short, range, param, result, receiver, type, other, package, import
    name: Node | None
    statement: Node | None = None
    type_node: Node | None = None
    value: Node | None = None
    names: int = 1
    import_path: str = ""


def _names_of(node: Node | None) -> list[Node]:
    if node is None:
        return []
    if node.type in ("identifier", "type_identifier"):
        return [node]
    return [c for c in node.named_children if c.type == "identifier"]


def _has_token(node: Node, token: str) -> bool:
    return any(not c.is_named and c.type == token for c in node.children)


def _value_at(values: Node | None, index: int, count: int) -> Node | None:
    if values is None:
        return None
    items = values.named_children if values.type == "expression_list" else [values]
    return items[index] if len(items) == count else None


def _spec_decl(spec: Node, name: str, kind: str, statement: Node) -> Decl | None:
    names = spec.children_by_field_name("name")
    for i, n in enumerate(names):
        if parsing.text(n) == name:
            return Decl(
                kind,
                n,
                statement,
                spec.child_by_field_name("type"),
                _value_at(spec.child_by_field_name("value"), i, len(names)),
                len(names),
            )
    return None


def _specs(declaration: Node) -> list[Node]:
    """The specs of a var/const/type declaration, grouped or not (never their values)."""
    specs: list[Node] = []
    for child in declaration.named_children:
        if child.type.endswith("_spec_list"):
            specs.extend(c for c in child.named_children if c.type.endswith(("_spec", "_alias")))
        elif child.type.endswith(("_spec", "_alias")):
            specs.append(child)
    return specs


def _statement_decl(statement: Node, name: str) -> Decl | None:
    """The declaration of `name` made by one statement (or header clause), if any."""
    kind = statement.type
    if kind in ("var_declaration", "const_declaration"):
        specs = _specs(statement)
        for spec in specs:
            found = _spec_decl(spec, name, kind.split("_")[0], statement)
            if found:
                # Grouped (`var (...)`) declarations count as declared with others.
                if len(specs) > 1:
                    return Decl(
                        found.kind,
                        found.name,
                        statement,
                        found.type_node,
                        found.value,
                        max(found.names, 2),
                    )
                return found
        return None
    if kind in ("short_var_declaration", "range_clause", "receive_statement"):
        if kind != "short_var_declaration" and not _has_token(statement, ":="):
            return None
        left = _names_of(statement.child_by_field_name("left"))
        right = statement.child_by_field_name("right")
        for i, n in enumerate(left):
            if parsing.text(n) != name:
                continue
            if kind == "short_var_declaration":
                return Decl("short", n, statement, None, _value_at(right, i, len(left)), len(left))
            # A range variable's value is the ranged expression; its type follows from it.
            return Decl(
                "range" if kind == "range_clause" else "other", n, statement, None, right, len(left)
            )
        return None
    if kind == "type_declaration":
        for spec in _specs(statement):
            spec_name = spec.child_by_field_name("name")
            if spec_name is not None and parsing.text(spec_name) == name:
                return Decl("type", spec_name, statement)
    if kind == "labeled_statement":
        inner = statement.named_children[-1] if statement.named_children else None
        return _statement_decl(inner, name) if inner is not None else None
    return None


def _parameter_decl(function: Node, name: str) -> Decl | None:
    for field_name, kind in (
        ("receiver", "receiver"),
        ("parameters", "param"),
        ("result", "result"),
        ("type_parameters", "type"),
    ):
        params = function.child_by_field_name(field_name)
        if params is None:
            continue
        for param in params.named_children:
            for n in param.children_by_field_name("name"):
                if parsing.text(n) == name:
                    type_node = param.child_by_field_name("type")
                    variadic = param.type == "variadic_parameter_declaration"
                    return Decl(kind, n, param, type_node, None, 2 if variadic else 1)
    return None


def _header_decl(parent: Node, child: Node, name: str) -> Decl | None:
    """Names a statement header declares for `child` (a part of `parent` in their scope)."""
    kind = parent.type
    if kind == "for_statement" and child == parent.child_by_field_name("body"):
        for header in parent.named_children:
            if header.type == "range_clause":
                return _statement_decl(header, name)
            if header.type == "for_clause":
                init = header.child_by_field_name("initializer")
                return _statement_decl(init, name) if init is not None else None
    if kind == "for_clause" and child != parent.child_by_field_name("initializer"):
        init = parent.child_by_field_name("initializer")
        return _statement_decl(init, name) if init is not None else None
    if kind in ("if_statement", "expression_switch_statement", "type_switch_statement"):
        init = parent.child_by_field_name("initializer")
        if child == init:
            return None
        if kind == "type_switch_statement" and child.type in ("type_case", "default_case"):
            for n in _names_of(parent.child_by_field_name("alias")):
                if parsing.text(n) == name:
                    return Decl("other", n, parent)
        return _statement_decl(init, name) if init is not None else None
    if kind == "communication_case" and child.type == "statement_list":
        comm = parent.child_by_field_name("communication")
        return _statement_decl(comm, name) if comm is not None else None
    return None


def _top_level_declarations(go_file: GoFile) -> Iterator[tuple[str, Decl]]:
    for top in go_file.root.named_children:
        if top.type == "function_declaration":
            n = top.child_by_field_name("name")
            if n is not None:
                yield parsing.text(n), Decl("package", n, top)
        elif top.type in ("var_declaration", "const_declaration", "type_declaration"):
            specs = _specs(top)
            for spec in specs:
                type_node = spec.child_by_field_name("type")
                values = spec.child_by_field_name("value")
                names = spec.children_by_field_name("name")
                count = len(names) if len(specs) == 1 else max(len(names), 2)
                for i, n in enumerate(names):
                    value = _value_at(values, i, len(names))
                    yield parsing.text(n), Decl("package", n, top, type_node, value, count)


def _file_declarations(go_file: GoFile) -> dict[str, Decl]:
    names: dict[str, Decl] = {}
    for name, decl in _top_level_declarations(go_file):
        names.setdefault(name, decl)
    return names


_SPACE = b" \t\r\n\f\v"
_DECLARING_KEYWORDS = (b"func", b"var", b"const", b"type")
_NOT_IN_NAME = rb"(?![A-Za-z_0-9\x80-\xff])"


def _space_before(text: bytes, end: int) -> int:
    while end > 0 and text[end - 1] in _SPACE:
        end -= 1
    return end


def _may_declare(word: re.Pattern[bytes], text: bytes) -> bool:
    """A necessary condition, on its text, for a file to declare a name at top level.

    `word` finds the name. A top-level name follows `func`/`var`/`const`/`type`, starts a
    line (grouped specs, a name on a line of its own), follows a comment's end, `;`, the
    `(` of a `var (`/`const (`/`type (` group, or `,` after a name that is itself in such
    a place (a list of names); and it is never followed by `.`, `:`, `==` or an operator
    that cannot start a type.
    """
    for found in word.finditer(text):
        after = _space_after(text, found.end())
        if text[after : after + 1] in _NOT_AFTER_NAME or text[after : after + 2] == b"==":
            continue
        if _name_position(text, found.start()):
            return True
    return False


_NOT_AFTER_NAME = frozenset(bytes([c]) for c in b".:+-!%&|^>")
_NAME_BYTES = frozenset(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
) | frozenset(range(0x80, 0x100))


def _space_after(text: bytes, start: int) -> int:
    while start < len(text) and text[start] in _SPACE:
        start += 1
    return start


def _name_position(text: bytes, start: int) -> bool:
    """Whether what precedes offset `start` allows a top-level declared name there."""
    while True:
        k = _space_before(text, start)
        if k == 0 or b"\n" in text[k:start]:
            return True
        before = text[k - 1]
        if before == ord(";") or text[k - 2 : k] == b"*/":
            return True
        if k < start and text[:k].endswith(_DECLARING_KEYWORDS):
            return True
        if before == ord("("):
            j = _space_before(text, k - 1)
            return (
                j == 0
                or b"\n" in text[j : k - 1]
                or text[j - 2 : j] == b"*/"
                or text[:j].endswith(_DECLARING_KEYWORDS[1:])
            )
        if before != ord(","):
            return False
        # `a, N`: N is a declared name only if `a` is one too.
        end = _space_before(text, k - 1)
        if end == 0 or b"\n" in text[end : k - 1] or text[end - 2 : end] == b"*/":
            return True
        name_start = end
        while name_start > 0 and text[name_start - 1] in _NAME_BYTES:
            name_start -= 1
        if name_start == end:
            return False
        start = name_start


class _PackageDeclarations:
    """The package-level names of a package, looked up lazily by name.

    The same answer as collecting the top-level declarations of every parseable file of
    the package in path order (first declaration wins), but a sibling file is parsed only
    when its text could declare the name asked for.
    """

    def __init__(self, file: GoFile) -> None:
        package = file.package
        self._paths: list[Path] = list(package.paths) if package is not None else []
        self._package = package
        # The analysed file goes first when it is not one of the package's listed files.
        self._first: GoFile | None = None if _is_listed(file) else file
        self._texts: dict[Path, bytes | None] = {}
        self._declared: dict[Path, dict[str, Decl] | None] = {}
        self._found: dict[str, Decl | None] = {}
        self._first_names = _file_declarations(file) if self._first is not None else {}

    def get(self, name: str) -> Decl | None:
        if name not in self._found:
            self._found[name] = self._lookup(name)
        return self._found[name]

    def _lookup(self, name: str) -> Decl | None:
        if name in self._first_names:
            return self._first_names[name]
        package = self._package
        if package is None:
            return None
        word = name.encode()
        pattern: re.Pattern[bytes] | None = None
        for path in self._paths:
            text = self._text(path)
            if text is None or word not in text:
                continue
            if pattern is None:
                pattern = re.compile(re.escape(word) + _NOT_IN_NAME)
            if not _may_declare(pattern, text):
                continue
            declared = self._declarations(path)
            if declared is not None and name in declared:
                return declared[name]
        return None

    def _text(self, path: Path) -> bytes | None:
        if path not in self._texts:
            assert self._package is not None
            parsed = self._package._files.get(path)
            if parsed is not None:
                self._texts[path] = parsed.source
            else:
                try:
                    self._texts[path] = path.read_bytes()
                except OSError:
                    self._texts[path] = None
        return self._texts[path]

    def _declarations(self, path: Path) -> dict[str, Decl] | None:
        if path not in self._declared:
            assert self._package is not None
            try:
                go_file = self._package.file(path)
            except OSError:
                go_file = None
            self._declared[path] = (
                None
                if go_file is None or go_file.root.has_error or go_file is self._first
                else _file_declarations(go_file)
            )
        return self._declared[path]


def _package_declarations(file: GoFile) -> _PackageDeclarations:
    if file.package is None:
        return _PackageDeclarations(file)
    if not _is_listed(file):
        return _PackageDeclarations(file)
    return file.package.memo(
        ("strings-builder", "declarations"), lambda: _PackageDeclarations(file)
    )


def _is_listed(file: GoFile) -> bool:
    """Whether `file` is one of its package's files (`Package.files`)."""
    package = file.package
    return (
        package is not None
        and file.path in package.paths
        and package._files.get(file.path) is file
        and not file.root.has_error
    )


def _imports(file: GoFile) -> dict[str, Decl]:
    """The file's import names (a dot or blank import declares nothing usable by name)."""
    names: dict[str, Decl] = {}
    for top in file.root.named_children:
        if top.type != "import_declaration":
            continue
        specs = [c for c in top.named_children if c.type == "import_spec"]
        for group in top.named_children:
            if group.type == "import_spec_list":
                specs.extend(c for c in group.named_children if c.type == "import_spec")
        for spec in specs:
            path = parsing.text(spec.child_by_field_name("path")).strip('"`')
            alias = spec.child_by_field_name("name")
            name = parsing.text(alias) if alias is not None else path.rsplit("/", 1)[-1]
            names[name] = Decl("import", alias, spec, import_path=path)
    return names


class Resolver:
    """Go's lexical scoping over one file (and its package's top-level declarations)."""

    def __init__(self, file: GoFile) -> None:
        self.file = file
        self._package_names: _PackageDeclarations | None = None
        self._imports: dict[str, Decl] | None = None

    def resolve(self, name: str, at: Node) -> Decl | None:
        """The declaration `name` refers to at `at`; None for a predeclared (universe) name."""
        child = at
        for parent in parsing.ancestors(at):
            found: Decl | None = None
            if parent.type == "statement_list":
                sibling = child.prev_named_sibling
                while sibling is not None and found is None:
                    found = _statement_decl(sibling, name)
                    sibling = sibling.prev_named_sibling
            elif parent.type in _FUNCTIONS:
                if child == parent.child_by_field_name("body"):
                    found = _parameter_decl(parent, name)
            elif parent.type == "source_file":
                return self.package_level(name)
            else:
                found = _header_decl(parent, child, name)
            if found is not None:
                return found
            child = parent
        return self.package_level(name)

    def package_level(self, name: str) -> Decl | None:
        if self._imports is None:
            self._imports = _imports(self.file)
        if name in self._imports:
            return self._imports[name]
        if self._package_names is None:
            self._package_names = _package_declarations(self.file)
        return self._package_names.get(name)

    def is_import(self, name_node: Node, path: str) -> bool:
        decl = self.resolve(parsing.text(name_node), name_node)
        return decl is not None and decl.kind == "import" and decl.import_path == path

    def is_universe(self, name: str, at: Node) -> bool:
        return self.resolve(name, at) is None


# --- types known from the source -----------------------------------------------------------


def _normal_type(node: Node | None) -> str | None:
    if node is None:
        return None
    text = re.sub(r"\s+", "", parsing.text(node))
    return _TYPE_ALIASES.get(text, text)


def _unparen(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_children:
        node = node.named_children[0]
    return node


def _is_empty_string(node: Node) -> bool:
    return node.type in _STRING_LITERALS and parsing.text(node) in ('""', "``")


class Types:
    """The few static types the transform needs, read from declarations; None = not certain."""

    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        # Memoised by node: `y := x + x; z := y + y; ...` would otherwise be exponential.
        self._known: dict[tuple[int, int, str], str | None] = {}

    def of(self, node: Node, depth: int = 0) -> str | None:
        key = (node.start_byte, node.end_byte, node.type)
        if key not in self._known:
            self._known[key] = self._of(node, depth) if depth <= 8 else None
        return self._known[key]

    def _of(self, node: Node, depth: int) -> str | None:
        node = _unparen(node)
        kind = node.type
        if kind in _STRING_LITERALS:
            return "string"
        if kind == "rune_literal":
            return "rune"
        if kind == "identifier":
            return self._of_identifier(node, depth)
        if kind == "binary_expression":
            if parsing.text(node.child_by_field_name("operator")) != "+":
                return None
            leaves = _concat_operands(node)
            if all(self.of(leaf, depth + 1) == "string" for leaf in leaves):
                return "string"
            return None
        if kind == "call_expression":
            return self._of_call(node)
        if kind == "selector_expression":
            operand = node.child_by_field_name("operand")
            base = self.of(operand, depth + 1) if operand is not None else None
            fields = self.struct_fields(base, node) if base is not None else None
            return fields.get(parsing.text(node.child_by_field_name("field"))) if fields else None
        if kind == "type_conversion_expression":
            return _normal_type(node.child_by_field_name("type"))
        if kind == "index_expression":
            container = self.of(node.child_by_field_name("operand") or node, depth + 1)
            if container == "string":
                return "byte"
            if container and container.startswith("[]"):
                return container[2:]
            return None
        if kind == "slice_expression":
            container = self.of(node.child_by_field_name("operand") or node, depth + 1)
            return (
                container if container == "string" or (container or "").startswith("[]") else None
            )
        return None

    def struct_fields(self, type_name: str, at: Node) -> dict[str, str] | None:
        """Field name -> type of the struct type `type_name` (or `*type_name`) seen at `at`."""
        name = type_name.removeprefix("*")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*", name):
            return None
        decl = self.resolver.resolve(name, at)
        spec = decl.name.parent if decl is not None and decl.name is not None else None
        if spec is None or spec.type != "type_spec":
            return None
        struct = spec.child_by_field_name("type")
        if struct is None or struct.type != "struct_type":
            return None
        fields: dict[str, str] = {}
        for declaration in parsing.walk(struct):
            if declaration.type != "field_declaration":
                continue
            field_type = _normal_type(declaration.child_by_field_name("type"))
            for field_name in declaration.children_by_field_name("name"):
                if field_type is not None:
                    fields[parsing.text(field_name)] = field_type
        return fields

    def _of_call(self, call: Node) -> str | None:
        function = call.child_by_field_name("function")
        args = call.child_by_field_name("arguments")
        if function is None or args is None:
            return None
        if function.type == "identifier":
            name = parsing.text(function)
            if (
                name in ("string", "rune", "byte", "int32", "uint8")
                and len(args.named_children) == 1
                and self.resolver.is_universe(name, function)
            ):
                return _TYPE_ALIASES.get(name, name)
            return None
        if function.type == "selector_expression":
            operand = function.child_by_field_name("operand")
            member = parsing.text(function.child_by_field_name("field"))
            if operand is not None and operand.type == "identifier":
                for path, names in _STRING_FUNCTIONS.items():
                    if member in names and self.resolver.is_import(operand, path):
                        return "string"
        return None

    def _of_identifier(self, node: Node, depth: int) -> str | None:
        decl = self.resolver.resolve(parsing.text(node), node)
        if decl is None or decl.kind in ("import", "type", "other"):
            return None
        if decl.kind in ("param", "result", "receiver"):
            element = _normal_type(decl.type_node)
            if element is None:
                return None
            return (
                "[]" + element
                if decl.names == 2
                and decl.statement is not None
                and decl.statement.type == "variadic_parameter_declaration"
                else element
            )
        if decl.kind == "range":
            return self._of_range_variable(decl, depth)
        if decl.type_node is not None:
            return _normal_type(decl.type_node)
        if decl.value is not None:
            return self.of(decl.value, depth + 1)
        return None

    def _of_range_variable(self, decl: Decl, depth: int) -> str | None:
        clause = decl.statement
        if clause is None or decl.name is None or decl.value is None:
            return None
        position = _names_of(clause.child_by_field_name("left")).index(decl.name)
        ranged = self.of(decl.value, depth + 1)
        if ranged == "string":
            return "int" if position == 0 else "rune"
        if ranged and ranged.startswith("[]"):
            return "int" if position == 0 else ranged[2:]
        return None


def _concat_operands(node: Node) -> list[Node]:
    """The leaves of a `+` chain, looking through parentheses: `a + (b + c)` -> a, b, c."""
    inner = _unparen(node)
    if (
        inner.type == "binary_expression"
        and parsing.text(inner.child_by_field_name("operator")) == "+"
    ):
        left, right = inner.child_by_field_name("left"), inner.child_by_field_name("right")
        if left is not None and right is not None:
            return _concat_operands(left) + _concat_operands(right)
    return [inner]


# --- one builder candidate -----------------------------------------------------------------


class Refused(Exception):
    """A candidate cannot be rewritten; the message is the reason `scan` shows."""


@dataclass(frozen=True)
class Write:
    """One builder call: `head` + source[keep_start:keep_end] + `tail`.

    `head` holds `{b}` where the builder's name goes.
    """

    head: str
    keep_start: int
    keep_end: int
    tail: str = ")"


@dataclass
class Candidate:
    """A local string variable and the appends, reads and loops the rewrite must change."""

    name: str
    decl: Decl
    function: Node
    appends: list[Node] = field(default_factory=list)  # assignment statements
    reads: list[Node] = field(default_factory=list)  # identifiers
    loops: list[Node] = field(default_factory=list)  # for statements holding appends


def _top_function(node: Node) -> Node | None:
    top = None
    for a in (node, *parsing.ancestors(node)):
        if a.type in _FUNCTIONS:
            top = a
    return top


def _innermost_function(node: Node) -> Node | None:
    return parsing.enclosing(node, *_FUNCTIONS)


def _scope_end(statement: Node) -> int:
    parent = statement.parent
    return parent.end_byte if parent is not None else statement.end_byte


def _in_loop_of(node: Node, function: Node) -> Node | None:
    """The outermost `for` statement holding `node` inside `function` (not across closures)."""
    loop = None
    for a in parsing.ancestors(node):
        if a == function or a.type in _FUNCTIONS:
            break
        if a.type == "for_statement":
            loop = a
    return loop


def _in_loop_of_innermost_function(node: Node) -> bool:
    """Whether `node` is in a function and in a `for` statement inside that function."""
    in_loop = False
    for a in parsing.ancestors(node):
        if a.type in _FUNCTIONS:
            return in_loop
        if a.type == "for_statement":
            in_loop = True
    return False


def _loop_after(node: Node, start: int) -> Node | None:
    """The outermost `for` statement holding `node` that starts at or after `start`."""
    loop = None
    for a in parsing.ancestors(node):
        if a.type in _FUNCTIONS or a.start_byte < start:
            break
        if a.type == "for_statement":
            loop = a
    return loop


def _append_value(statement: Node, name: str) -> Node | None:
    """For `name += v` or `name = name + v...`, the appended part; else None."""
    if statement.type != "assignment_statement":
        return None
    left = statement.child_by_field_name("left")
    right = statement.child_by_field_name("right")
    operator = parsing.text(statement.child_by_field_name("operator"))
    if left is None or right is None or len(left.named_children) != 1:
        return None
    if len(right.named_children) != 1:
        return None
    target, value = left.named_children[0], right.named_children[0]
    if target.type != "identifier" or parsing.text(target) != name:
        return None
    if operator == "+=":
        return value
    if operator == "=":
        leaves = _concat_operands(value)
        first = leaves[0]
        if len(leaves) > 1 and first.type == "identifier" and parsing.text(first) == name:
            return value
    return None


def _is_prepend(statement: Node, name: str) -> bool:
    """`name = x + name`: the builder cannot put bytes in front of what it holds."""
    left = statement.child_by_field_name("left")
    right = statement.child_by_field_name("right")
    if (
        parsing.text(statement.child_by_field_name("operator")) != "="
        or left is None
        or parsing.text(left) != name
        or right is None
        or len(right.named_children) != 1
    ):
        return False
    leaves = _concat_operands(right.named_children[0])
    last = leaves[-1]
    return len(leaves) > 1 and last.type == "identifier" and parsing.text(last) == name


_DECLARING_PARENTS = {
    "parameter_declaration",
    "variadic_parameter_declaration",
    "var_spec",
    "const_spec",
    "type_spec",
    "type_alias",
}


def _is_declaration_name(ident: Node) -> bool:
    parent = ident.parent
    if parent is None:
        return False
    if parent.type in _DECLARING_PARENTS:
        return ident in parent.children_by_field_name("name")
    if parent.type == "expression_list" and parent.parent is not None:
        holder = parent.parent
        if holder.type == "short_var_declaration":
            return parent == holder.child_by_field_name("left")
        if holder.type in ("range_clause", "receive_statement"):
            return parent == holder.child_by_field_name("left") and _has_token(holder, ":=")
        if holder.type == "type_switch_statement":
            return parent == holder.child_by_field_name("alias")
    return False


class Analysis:
    """Everything `find` needs for one file: the resolver, types, and names already used."""

    def __init__(self, file: GoFile) -> None:
        self.file = file
        self.resolver = Resolver(file)
        self.types = Types(self.resolver)
        self.taken_names: dict[int, set[str]] = {}
        self._touchable: dict[int, set[str]] = {}

    def identifiers_in(self, function: Node) -> set[str]:
        key = function.start_byte
        if key not in self.taken_names:
            self.taken_names[key] = {
                parsing.text(n)
                for n in parsing.walk(function)
                if n.type
                in (
                    "identifier",
                    "type_identifier",
                    "package_identifier",
                    "field_identifier",
                    "label_name",
                )
            }
        return self.taken_names[key]

    def touchable_names(self, top: Node) -> set[str]:
        """Names in `top` that a call might change: used in a closure, `&x`, `&x.f`, or
        `x.M()` / `x.f.M()` (a pointer method takes &x). Conservative: by name, not decl."""
        key = top.start_byte
        if key not in self._touchable:
            touched: set[str] = set()
            for n in parsing.walk(top):
                if n.type != "identifier":
                    continue
                if _innermost_function(n) != top:
                    touched.add(parsing.text(n))
                    continue
                outer = n
                while (
                    outer.parent is not None
                    and outer.parent.type in ("selector_expression", "index_expression")
                    and outer.parent.child_by_field_name("operand") == outer
                ):
                    outer = outer.parent
                parent = outer.parent
                if parent is None:
                    continue
                if (
                    parent.type == "unary_expression"
                    and parsing.text(parent.child_by_field_name("operator")) == "&"
                ) or (
                    outer != n
                    and parent.type == "call_expression"
                    and parent.child_by_field_name("function") == outer
                ):
                    touched.add(parsing.text(n))
            self._touchable[key] = touched
        return self._touchable[key]

    def builder_name(self, function: Node) -> str:
        taken = self.identifiers_in(function)
        name, n = "sb", 1
        while name in taken:
            n += 1
            name = f"sb{n}"
        taken.add(name)
        return name


def _balanced(root: Node, start: int, end: int) -> bool:
    """No parenthesis under `root` straddles [start, end), so its text is an expression."""
    for node in parsing.walk(root):
        if node.type != "parenthesized_expression":
            continue
        overlaps = node.start_byte < end and start < node.end_byte
        contained = start <= node.start_byte and node.end_byte <= end
        contains = node.start_byte <= start and end <= node.end_byte
        if overlaps and not contained and not contains:
            return False
    return True


def _comments_in(node: Node) -> list[Node]:
    return [n for n in parsing.walk(node) if n.type == "comment"]


def _starts_line(file: GoFile, node: Node) -> bool:
    return file.source[file.line_start(node.start_byte) : node.start_byte].strip(b" \t") == b""


class CandidateRewriter:
    """Checks one candidate and produces its edits, or raises Refused."""

    def __init__(self, analysis: Analysis, candidate: Candidate) -> None:
        self.a = analysis
        self.file = analysis.file
        self.c = candidate
        self.dropped_sprintf = False

    # -- checks --

    def collect(self) -> None:
        """Classify every use of the name in the declaration's scope; refuse what cannot move."""
        c, decl = self.c, self.c.decl
        statement = decl.statement
        assert statement is not None
        start, end = statement.end_byte, _scope_end(statement)
        for node in parsing.walk(self.c.function):
            if node.start_byte < start or node.end_byte > end:
                continue
            if node.type not in ("identifier", "type_identifier") or parsing.text(node) != c.name:
                continue
            if _is_declaration_name(node):
                raise Refused(
                    f"{c.name} is redeclared or shadowed inside its scope "
                    f"(line {node.start_point[0] + 1})"
                )
            if node.type == "type_identifier":
                continue
            self._classify(node)
        if not c.loops:
            raise Refused("")  # no append in a loop: not this transform's pattern

    def _classify(self, ident: Node) -> None:
        c = self.c
        line = ident.start_point[0] + 1
        if _innermost_function(ident) != _innermost_function(self.c.decl.statement or ident):
            raise Refused(f"{c.name} is used in a closure or goroutine (line {line})")
        parent = ident.parent
        assert parent is not None
        if (
            parent.type == "unary_expression"
            and parsing.text(parent.child_by_field_name("operator")) == "&"
        ):
            raise Refused(f"the address of {c.name} is taken (line {line})")
        if (
            parent.type == "literal_element"
            and parent.parent is not None
            and parent.parent.type == "keyed_element"
            and parent == parent.parent.named_children[0]
        ):
            raise Refused(f"{c.name} is a key in a composite literal (line {line})")
        if parent.type == "selector_expression":
            raise Refused(
                f"{c.name}.{parsing.text(parent.child_by_field_name('field'))} "
                f"is not a string operation (line {line})"
            )
        holder = parent.parent
        if (
            parent.type == "expression_list"
            and holder is not None
            and (
                (
                    holder.type == "assignment_statement"
                    and parent == holder.child_by_field_name("left")
                )
                or holder.type == "range_clause"
            )
        ):
            assert holder is not None
            if holder.type == "assignment_statement" and _append_value(holder, c.name) is not None:
                self._check_append(holder)
                c.appends.append(holder)
                return
            if holder.type == "assignment_statement" and _is_prepend(holder, c.name):
                raise Refused(f"{c.name} is prepended to (line {line}); a builder only appends")
            raise Refused(f"{c.name} is assigned other than by appending (line {line})")
        if (
            parent.type == "expression_list"
            and holder is not None
            and holder.type == "receive_statement"
            and parent == holder.child_by_field_name("left")
        ):
            raise Refused(f"{c.name} is assigned other than by appending (line {line})")
        # The leading `s` of `s = s + x` belongs to the append (visited first), not a read.
        statement = parsing.enclosing(ident, "assignment_statement")
        if statement is not None and statement in c.appends:
            return
        c.reads.append(ident)

    def _check_append(self, statement: Node) -> None:
        c = self.c
        line = statement.start_point[0] + 1
        if statement.parent is None or statement.parent.type != "statement_list":
            raise Refused(f"{c.name} is appended to in a statement header (line {line})")
        value = _append_value(statement, c.name)
        assert value is not None
        operands = _concat_operands(value)
        if parsing.text(statement.child_by_field_name("operator")) == "=":
            operands = operands[1:]
        for operand in operands:
            if any(
                n.type == "identifier" and parsing.text(n) == c.name for n in parsing.walk(operand)
            ):
                raise Refused(f"the value appended to {c.name} reads {c.name} (line {line})")
        assert c.decl.statement is not None
        loop = _loop_after(statement, c.decl.statement.end_byte)
        if loop is not None and loop not in c.loops:
            c.loops.append(loop)

    def check_reads(self) -> None:
        for ident in self.c.reads:
            if not any(
                loop.start_byte <= ident.start_byte < loop.end_byte for loop in self.c.loops
            ):
                continue
            if self._len_call(ident) is not None or self._empty_comparison(ident) is not None:
                continue
            parent = ident.parent
            if (
                parent is not None
                and parent.type == "expression_list"
                and parent.parent is not None
                and parent.parent.type == "return_statement"
            ):
                continue
            raise Refused(
                f"{self.c.name} is read inside the loop (line {ident.start_point[0] + 1}); "
                'only len(s), s == "" and return s have an exact Builder equivalent there'
            )

    def _len_call(self, ident: Node) -> Node | None:
        args = ident.parent
        if args is None or args.type != "argument_list" or len(args.named_children) != 1:
            return None
        call = args.parent
        function = call.child_by_field_name("function") if call is not None else None
        if function is None or function.type != "identifier" or parsing.text(function) != "len":
            return None
        return call if self.a.resolver.is_universe("len", function) else None

    def _empty_comparison(self, ident: Node) -> Node | None:
        comparison = ident.parent
        if comparison is None or comparison.type != "binary_expression":
            return None
        if parsing.text(comparison.child_by_field_name("operator")) not in ("==", "!="):
            return None
        left, right = (
            comparison.child_by_field_name("left"),
            comparison.child_by_field_name("right"),
        )
        other = right if left == ident else left
        return comparison if other is not None and _is_empty_string(other) else None

    # -- edits --

    def edits(self, builder: str) -> list[Edit]:
        edits: list[Edit] = []
        edits.extend(self._declaration_edits(builder))
        for statement in self.c.appends:
            value = _append_value(statement, self.c.name)
            assert value is not None
            operands = _concat_operands(value)
            whole = (value.start_byte, value.end_byte)
            if parsing.text(statement.child_by_field_name("operator")) == "=":
                operands = operands[1:]  # the chain minus its leading `s`
                whole = (operands[0].start_byte, operands[-1].end_byte)
            writes = self._writes(whole, operands)
            if len(writes) == 1 and not _balanced(value, writes[0].keep_start, writes[0].keep_end):
                # `s = (s + a) + b`: the text after `s +` is not an expression of its own.
                raise Refused(
                    f"the value appended to {self.c.name} "
                    f"(line {statement.start_point[0] + 1}) cannot be split off"
                )
            edits.extend(self._statement_edits(statement, "", writes, builder))
        for ident in self.c.reads:
            call = self._len_call(ident)
            comparison = self._empty_comparison(ident)
            if call is not None:
                edits.append(Edit(call.start_byte, call.end_byte, f"{builder}.Len()".encode()))
            elif comparison is not None:
                op = parsing.text(comparison.child_by_field_name("operator"))
                edits.append(
                    Edit(
                        comparison.start_byte,
                        comparison.end_byte,
                        f"{builder}.Len() {op} 0".encode(),
                    )
                )
            else:
                edits.append(Edit(ident.start_byte, ident.end_byte, f"{builder}.String()".encode()))
        return edits

    def _declaration_edits(self, builder: str) -> list[Edit]:
        decl = self.c.decl
        statement = decl.statement
        assert statement is not None
        declaration = f"var {builder} strings.Builder"
        if decl.value is None or _is_empty_string(_unparen(decl.value)):
            if _comments_in(statement):
                raise Refused(f"a comment inside the declaration of {self.c.name} would be lost")
            return [Edit(statement.start_byte, statement.end_byte, declaration.encode())]
        if not _starts_line(self.file, statement):
            raise Refused(f"{self.c.name} is declared on a line shared with other code")
        whole = (decl.value.start_byte, decl.value.end_byte)
        writes = self._writes(whole, _concat_operands(decl.value))
        return self._statement_edits(statement, declaration, writes, builder)

    def _statement_edits(
        self, statement: Node, declaration: str, writes: Sequence[Write], builder: str
    ) -> list[Edit]:
        newline = self.file.newline.decode()
        indent = self.file.indent_of(statement).decode()
        if len(writes) > 1 and not _starts_line(self.file, statement):
            writes = [Write("{b}.WriteString(", writes[0].keep_start, writes[-1].keep_end)]
        edits = []
        previous_end, previous_tail = statement.start_byte, ""
        for i, write in enumerate(writes):
            if i == 0:
                before = declaration + newline + indent if declaration else ""
            else:
                before = previous_tail + newline + indent
            text = before + write.head.format(b=builder)
            edits.append(Edit(previous_end, write.keep_start, text.encode()))
            previous_end, previous_tail = write.keep_end, write.tail
        edits.append(Edit(previous_end, statement.end_byte, previous_tail.encode()))
        replaced = [e for e in edits if e.start < e.end]
        for comment in _comments_in(statement):
            if any(e.start < comment.end_byte and comment.start_byte < e.end for e in replaced):
                raise Refused(f"a comment inside line {statement.start_point[0] + 1} would be lost")
        return edits

    def _writes(self, whole: tuple[int, int], operands: list[Node]) -> list[Write]:
        """One write per operand when splitting is exact, else one write of `whole`."""
        if len(operands) == 1 or self._splittable(operands):
            return [self._write(o) for o in operands]
        return [Write("{b}.WriteString(", *whole)]

    def _splittable(self, operands: list[Node]) -> bool:
        types = self.a.types
        if not all(types.of(o) == "string" for o in operands):
            return False
        effectful = [o for o in operands if self._has_effects(o)]
        if not effectful:
            return True
        return all(o in effectful or self._stable(o) for o in operands)

    def _has_effects(self, node: Node) -> bool:
        for n in parsing.walk(node):
            if (
                n.type == "unary_expression"
                and parsing.text(n.child_by_field_name("operator")) == "<-"
            ):
                return True
            if (
                n.type == "call_expression"
                and self.a.types.of(n) not in ("rune", "byte")
                and not self._is_conversion(n)
            ):
                return True
        return False

    def _is_conversion(self, call: Node) -> bool:
        function = call.child_by_field_name("function")
        return (
            function is not None
            and function.type == "identifier"
            and parsing.text(function) in ("string", "rune", "byte")
            and self.a.resolver.is_universe(parsing.text(function), function)
        )

    def _stable(self, node: Node) -> bool:
        """Nothing a call makes can change this value: literals and untouchable locals."""
        node = _unparen(node)
        if node.type in _STRING_LITERALS or node.type == "rune_literal":
            return True
        if node.type == "call_expression" and self._is_conversion(node):
            args = node.child_by_field_name("arguments")
            return args is not None and all(self._stable(a) for a in args.named_children)
        if node.type == "selector_expression":
            # A field of a struct held by value in a stable local: `it.Name` for
            # `for _, it := range items` ([]Item). Through a pointer a call could change it.
            operand = node.child_by_field_name("operand")
            base = self.a.types.of(operand) if operand is not None else None
            return (
                operand is not None
                and operand.type == "identifier"
                and base is not None
                and self.a.types.struct_fields(base, operand) is not None
                and self._stable(operand)
            )
        if node.type != "identifier":
            return False
        decl = self.a.resolver.resolve(parsing.text(node), node)
        if decl is None or decl.kind in ("package", "import", "other", "type"):
            return (
                decl is not None
                and decl.kind == "package"
                and decl.statement is not None
                and decl.statement.type == "const_declaration"
            )
        if decl.kind == "const":
            return True
        top = _top_function(node)
        return top is not None and parsing.text(node) not in self.a.touchable_names(top)

    def _write(self, operand: Node) -> Write:
        types = self.a.types
        node = _unparen(operand)
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            assert function is not None and args is not None
            arguments = args.named_children
            if (
                self._is_conversion(node)
                and parsing.text(function) == "string"
                and len(arguments) == 1
            ):
                return self._string_conversion(arguments[0])
            fmt_function = self._fmt_function(function)
            if fmt_function is not None and arguments:
                if (
                    fmt_function == "Sprintf"
                    and len(arguments) == 1
                    and arguments[0].type in _STRING_LITERALS
                    and "%" not in parsing.text(arguments[0])
                ):
                    self.dropped_sprintf = True
                    return Write("{b}.WriteString(", arguments[0].start_byte, arguments[0].end_byte)
                qualifier = parsing.text(function.child_by_field_name("operand"))
                head = f"{qualifier}.{_FMT_TO_WRITER[fmt_function]}(&{{b}},"
                close = args.end_byte - 1  # the `)`; trailing commas and newlines stay
                if b"\n" in self.file.source[args.start_byte : arguments[0].start_byte]:
                    # Arguments laid out one a line: keep that layout after `&sb,`.
                    return Write(head, args.start_byte + 1, close)
                return Write(head + " ", arguments[0].start_byte, close)
        if node.type == "type_conversion_expression" and types.of(node) == "string":
            inner = node.child_by_field_name("operand")
            if inner is not None:
                return self._string_conversion(inner)
        return Write("{b}.WriteString(", operand.start_byte, operand.end_byte)

    def _string_conversion(self, argument: Node) -> Write:
        kind = self.a.types.of(argument)
        start, end = argument.start_byte, argument.end_byte
        if argument.type == "rune_literal":
            text = parsing.text(argument)
            simple = len(text) == 3 and text[1].isascii() and text[1] not in "\\'"
            escaped = re.fullmatch(r"'\\([abfnrtv\\']|x[0-7][0-9a-fA-F])'", text) is not None
            if simple or escaped:
                return Write("{b}.WriteByte(", start, end)
            return Write("{b}.WriteRune(", start, end)
        if kind == "rune":
            return Write("{b}.WriteRune(", start, end)
        if kind == "byte":
            return Write("{b}.WriteRune(rune(", start, end, "))")
        if kind == "[]byte":
            return Write("{b}.Write(", start, end)
        parent = argument.parent
        whole = parent.parent if parent is not None and parent.type == "argument_list" else parent
        assert whole is not None
        return Write("{b}.WriteString(", whole.start_byte, whole.end_byte)

    def _fmt_function(self, function: Node) -> str | None:
        if function.type != "selector_expression":
            return None
        operand = function.child_by_field_name("operand")
        member = parsing.text(function.child_by_field_name("field"))
        if operand is None or operand.type != "identifier" or member not in _FMT_TO_WRITER:
            return None
        return member if self.a.resolver.is_import(operand, "fmt") else None


# --- the transform -------------------------------------------------------------------------


def _package_refusal(file: GoFile) -> str | None:
    if file.package_name in _REFUSED_PACKAGE_NAMES:
        return f"package {file.package_name} cannot use strings.Builder"
    module = file.module
    if module is not None and module.path == "std":
        try:
            relative = file.path.resolve().parent.relative_to(module.root.resolve()).as_posix()
        except ValueError:
            return None
        if relative in _STRINGS_DEPENDENCIES or relative.startswith(("internal/", "runtime/")):
            return f"package {relative} is a dependency of strings (import cycle)"
    return None


def _strings_refusal(analysis: Analysis, at: Node) -> str | None:
    imported = analysis.file.imports
    if "strings" in imported and imported["strings"] != "strings":
        return 'strings is imported under another name; the builder needs "strings"'
    decl = analysis.resolver.resolve("strings", at)
    if decl is not None and not (decl.kind == "import" and decl.import_path == "strings"):
        return "the name strings is taken here"
    return None


def _looks_like_string_building(analysis: Analysis, value: Node) -> bool:
    return any(analysis.types.of(o) == "string" for o in _concat_operands(value))


def _decl_refusal(decl: Decl | None, name: str) -> str | None:
    if decl is None:
        return f"{name} is not a variable"
    if decl.kind == "package":
        return f"{name} is a package-level variable"
    if decl.kind == "param":
        return f"{name} is a parameter"
    if decl.kind in ("result", "receiver"):
        return f"{name} is a named result: returned by a bare return and seen by deferred calls"
    if decl.kind not in ("var", "short"):
        return f"{name} is not declared by a plain var or := statement"
    if decl.names != 1:
        return f"{name} is declared together with other variables"
    statement = decl.statement
    if statement is None or statement.parent is None or statement.parent.type != "statement_list":
        return f"{name} is declared in a statement header"
    return None


def find(file: GoFile) -> Iterator[Rewrite | Refusal]:
    analysis = Analysis(file)
    sites = parsing.captures("(assignment_statement) @a", file.root).get("a", [])
    groups: dict[tuple[int, str], list[Node]] = {}
    for statement in sites:
        left = statement.child_by_field_name("left")
        if left is None or len(left.named_children) != 1:
            continue
        target = left.named_children[0]
        operator = parsing.text(statement.child_by_field_name("operator"))
        if operator != "+=" and (
            operator != "="
            or target.type != "identifier"
            or (
                _append_value(statement, parsing.text(target)) is None
                and not _is_prepend(statement, parsing.text(target))
            )
        ):
            continue  # neither an append nor a prepend: nothing to report
        if not _in_loop_of_innermost_function(statement):
            continue
        name = parsing.text(target)
        if target.type != "identifier":
            right = statement.child_by_field_name("right")
            if (
                parsing.text(statement.child_by_field_name("operator")) == "+="
                and right is not None
                and right.named_children
                and _looks_like_string_building(analysis, right.named_children[0])
            ):
                yield file.refuse(ID, statement, f"{name} is not a local variable")
            continue
        if _append_value(statement, name) is None and not _is_prepend(statement, name):
            continue
        decl = analysis.resolver.resolve(name, target)
        key = (
            decl.name.start_byte
            if decl is not None and decl.name is not None
            else -statement.start_byte,
            name,
        )
        groups.setdefault(key, []).append(statement)
    # Types are read by name: a package that redeclares a predeclared type is not read.
    if groups and any(
        analysis.resolver.package_level(n) is not None for n in ("string", "rune", "byte")
    ):
        return
    taken: list[Edit] = []
    for (_, name), statements in sorted(groups.items(), key=lambda kv: kv[1][0].start_byte):
        result = _candidate(analysis, name, statements, taken)
        if result is not None:
            yield result


def _candidate(
    analysis: Analysis, name: str, statements: list[Node], taken: list[Edit]
) -> Rewrite | Refusal | None:
    file = analysis.file
    anchor = statements[0]
    decl = analysis.resolver.resolve(name, anchor.child_by_field_name("left") or anchor)
    right = anchor.child_by_field_name("right")
    assert right is not None
    value = _append_value(anchor, name) or right.named_children[0]  # a prepend: `x + s`
    declared_string = decl is not None and (
        (
            _normal_type(decl.type_node) == "string"
            and decl.type_node is not None
            and analysis.resolver.is_universe("string", decl.type_node)
        )
        or (
            decl.type_node is None
            and decl.value is not None
            and analysis.types.of(decl.value) == "string"
        )
    )
    if not declared_string and not _looks_like_string_building(analysis, value):
        return None  # numeric `+=` or a type we cannot see: not string building
    local = decl is not None and decl.kind in ("var", "short") and decl.statement is not None
    if (
        local
        and decl is not None
        and decl.statement is not None
        and not any(_loop_after(s, decl.statement.end_byte) for s in statements)
    ):
        return None  # the loop holds the declaration itself: nothing accumulates across it
    reason = _package_refusal(file) or _decl_refusal(decl, name)
    if reason is None and not declared_string:
        reason = f"the type of {name} is not certainly string"
    if reason is None:
        assert decl is not None
        reason = _strings_refusal(analysis, decl.statement or anchor)
    if reason is not None:
        return file.refuse(ID, anchor, reason)
    assert decl is not None and decl.statement is not None
    function = _innermost_function(decl.statement)
    assert function is not None
    candidate = Candidate(name=name, decl=decl, function=function)
    rewriter = CandidateRewriter(analysis, candidate)
    try:
        rewriter.collect()
        rewriter.check_reads()
        top = _top_function(decl.statement) or function
        builder = analysis.builder_name(top)
        edits = rewriter.edits(builder)
    except Refused as refused:
        return file.refuse(ID, anchor, str(refused)) if str(refused) else None
    if any(_overlaps(e, t) for e in edits for t in taken):
        return file.refuse(ID, anchor, f"{name}'s edits overlap another builder rewrite")
    taken.extend(edits)
    first = min(
        (
            s
            for s in candidate.appends
            if any(
                s.start_byte >= lp.start_byte and s.end_byte <= lp.end_byte
                for lp in candidate.loops
            )
        ),
        key=lambda s: s.start_byte,
    )
    uses_fmt_writer = any(b".Fprint" in e.text for e in edits)
    return file.rewrite(
        ID,
        first,
        f"{name} is built by appending in a loop: strings.Builder {builder}"
        + (", fmt.Fprint* writes into it" if uses_fmt_writer else ""),
        edits,
        add_imports=("strings",),
        # A verb-less fmt.Sprintf("text") became WriteString("text"): fmt may be unused now.
        drop_imports=("fmt",) if rewriter.dropped_sprintf else (),
        covers=candidate.loops,
    )


def _overlaps(a: Edit, b: Edit) -> bool:
    return a.start < b.end and b.start < a.end
