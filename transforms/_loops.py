"""Facts about a local variable and the loop that fills it, shared by the preallocating transforms.

A transform that preallocates (`prealloc-slice`, `prealloc-map`, and any later one that sizes a
buffer before a loop) asks the same questions: which statement after the declaration first
touches the variable, is it a loop, how many times will that loop run (and is that count cheap
to compute again before it), does the loop change its own bound, is the name redeclared inside
it, and how many times per iteration at most does a given statement run. This module answers
them from the tree-sitter tree alone, plus the package's own source for the declared type of
what a loop ranges over. Every answer errs towards "unknown": callers refuse on unknown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from tree_sitter import Node

from gocodemod import parsing
from gocodemod.model import Edit
from gocodemod.source import BOM, GoFile, Package

LOOP_TYPES = ("for_statement",)
CLOSURE_TYPES = ("func_literal",)
FUNCTION_TYPES = ("function_declaration", "method_declaration", "func_literal")
_INTEGER_TYPES = frozenset(
    b"int int8 int16 int32 int64 uint uint8 uint16 uint32 uint64 uintptr byte rune".split()
)
_IDENTIFIERS = "(identifier) @id"


# --- names and uses -------------------------------------------------------------------------


def identifiers(node: Node, name: bytes) -> list[Node]:
    """Every `identifier` node spelled `name` inside `node` (field names and labels are other
    node types, so they never match)."""
    found = parsing.captures(_IDENTIFIERS, node).get("id", [])
    return [n for n in found if n.text == name]


def mentions(node: Node, name: bytes) -> bool:
    return bool(identifiers(node, name))


def operator(node: Node) -> bytes:
    """The anonymous operator token (`=`, `:=`, `+=`, ...) of an assignment, declaration or
    range clause."""
    for child in node.children:
        if not child.is_named and child.type.endswith("="):
            return child.type.encode()
    return b""


def is_declaring(identifier: Node) -> bool:
    """True when this identifier declares a name (rather than reading or assigning it)."""
    parent = identifier.parent
    if parent is None:
        return False
    if parent.type in (
        "var_spec",
        "const_spec",
        "parameter_declaration",
        "variadic_parameter_declaration",
    ):
        return identifier in parent.children_by_field_name("name")
    if parent.type == "expression_list" and parent.parent is not None:
        holder = parent.parent
        if holder.type == "type_switch_statement":
            return holder.child_by_field_name("alias") == parent
        if holder.child_by_field_name("left") != parent:
            return False
        if holder.type == "short_var_declaration":
            return True
        if holder.type in ("range_clause", "receive_statement"):
            return operator(holder) == b":="
    return False


def declares(node: Node, name: bytes) -> Node | None:
    """The first place inside `node` that declares `name` anew (which would shadow it)."""
    return next((n for n in identifiers(node, name) if is_declaring(n)), None)


def _within(node: Node, outer: Node | None) -> bool:
    return (
        outer is not None
        and outer.start_byte <= node.start_byte
        and node.end_byte <= outer.end_byte
    )


def enclosing_function(node: Node) -> Node | None:
    return parsing.enclosing(node, *FUNCTION_TYPES)


def in_closure_below(node: Node, top: Node) -> bool:
    """True when `node` sits inside a func literal that is itself inside `top`."""
    return any(a.type in CLOSURE_TYPES for a in _ancestors_until(node, top))


def _ancestors_until(node: Node, top: Node) -> Iterator[Node]:
    for ancestor in parsing.ancestors(node):
        if ancestor == top:
            return
        yield ancestor


def chain(node: Node | None) -> str | None:
    """`a.b.c` for an identifier or a selector chain of plain field names, else None.

    Evaluating a chain has no side effects other than a nil-pointer panic, which the loop's own
    evaluation of the same chain would raise at the same point.
    """
    if node is None:
        return None
    if node.type == "identifier":
        return parsing.text(node)
    if node.type == "selector_expression":
        operand = chain(node.child_by_field_name("operand"))
        field = node.child_by_field_name("field")
        if operand is not None and field is not None and field.type == "field_identifier":
            return f"{operand}.{parsing.text(field)}"
    return None


def _is_prefix(short: str, long: str) -> bool:
    return long == short or long.startswith(short + ".")


# --- finding the loop after a declaration ---------------------------------------------------


def empty_literal_type(value: Node, type_kind: str) -> str | None:
    """`T` for an empty composite literal `T{}` whose type node is a `type_kind`."""
    if value.type != "composite_literal":
        return None
    type_node = value.child_by_field_name("type")
    body = value.child_by_field_name("body")
    if type_node is None or type_node.type != type_kind or body is None or body.named_children:
        return None
    return parsing.text(type_node)


def make_arguments(value: Node) -> list[Node] | None:
    """The arguments of a `make(...)` call; None when `value` is not one."""
    if value.type != "call_expression":
        return None
    if parsing.text(value.child_by_field_name("function")) != "make":
        return None
    arguments = value.child_by_field_name("arguments")
    return arguments.named_children if arguments is not None else []


def statements_after(statement: Node) -> Iterator[Node]:
    """The statements that follow `statement` in its statement list (comments skipped)."""
    sibling = statement.next_named_sibling
    while sibling is not None:
        if sibling.type != "comment":
            yield sibling
        sibling = sibling.next_named_sibling


def loop_of(statement: Node) -> Node | None:
    """The for statement a statement is, directly or under a label."""
    if statement.type == "labeled_statement":
        inner = [c for c in statement.named_children if c.type != "label_name"]
        statement = inner[0] if inner else statement
    return statement if statement.type in LOOP_TYPES else None


@dataclass(frozen=True)
class FirstUse:
    """The first statement after a declaration that mentions the declared name."""

    statement: Node
    between: tuple[Node, ...]
    """Statements between the declaration and `statement` (none of them mention the name)."""

    @property
    def loop(self) -> Node | None:
        return loop_of(self.statement)

    @property
    def adjacent(self) -> bool:
        return not self.between


def first_use_after(declaration: Node, name: bytes) -> FirstUse | None:
    between: list[Node] = []
    for statement in statements_after(declaration):
        if mentions(statement, name):
            return FirstUse(statement, tuple(between))
        between.append(statement)
    return None


def later_loops(use: FirstUse) -> Iterator[Node]:
    """Loops after the first use, in the same statement list."""
    for statement in statements_after(use.statement):
        loop = loop_of(statement)
        if loop is not None:
            yield loop


def loop_body(loop: Node) -> Node | None:
    return loop.child_by_field_name("body")


def in_loop_header(node: Node, loop: Node) -> bool:
    """True for nodes in the loop's clause (range expression, condition, ...), not its body."""
    body = loop_body(loop)
    return _within(node, loop) and not _within(node, body)


# --- how often a statement runs per iteration -----------------------------------------------


def max_per_iteration(
    node: Node, is_target: Callable[[Node], int], targets: Sequence[Node] | None = None
) -> int | None:
    """The most times target statements can run in one pass over `node`.

    `is_target(n)` says how many targets statement `n` is itself (0 for none). Branches of an
    `if`/`switch`/`select` count as alternatives; anything in a nested loop that holds a target
    makes the answer unbounded (None); so does a `goto` or `fallthrough` we do not model.

    `targets`, when given, are every node in `node` that `is_target` counts: when `node` has no
    goto or fallthrough, a part holding none of them counts 0 without being visited.
    """
    holds: Callable[[Node], bool] | None = None
    text = node.text or b""
    if targets is not None and b"goto" not in text and b"fallthrough" not in text:
        spans = [(t.start_byte, t.end_byte) for t in targets]

        def holds(n: Node) -> bool:
            start, end = n.start_byte, n.end_byte
            return any(start <= s and e <= end for s, e in spans)

    return _max_per_iteration(node, is_target, holds)


def _max_per_iteration(
    node: Node, is_target: Callable[[Node], int], holds: Callable[[Node], bool] | None
) -> int | None:
    if holds is not None and not holds(node):
        return 0  # no target, and no goto or fallthrough in the whole region: nothing runs
    own = is_target(node)
    if own:
        return own
    kind = node.type
    if kind in LOOP_TYPES or kind in CLOSURE_TYPES:
        return None if _holds_target(node, is_target) else 0
    if kind == "goto_statement":
        return None
    if kind == "if_statement":
        total = 0
        for field in ("initializer", "condition"):
            part = node.child_by_field_name(field)
            if part is not None:
                counted = _max_per_iteration(part, is_target, holds)
                if counted is None:
                    return None
                total += counted
        branches = [
            node.child_by_field_name("consequence"),
            node.child_by_field_name("alternative"),
        ]
        counts = [_max_per_iteration(b, is_target, holds) if b is not None else 0 for b in branches]
        if any(c is None for c in counts):
            return None
        return total + max(c for c in counts if c is not None)
    cases = [c for c in node.named_children if c.type.endswith("_case")]
    if cases and kind in (
        "expression_switch_statement",
        "type_switch_statement",
        "select_statement",
    ):
        if any(parsing.captures("(fallthrough_statement) @f", c).get("f") for c in cases):
            return None
        head = 0
        for part in node.named_children:
            if part in cases:
                continue
            counted = _max_per_iteration(part, is_target, holds)
            if counted is None:
                return None
            head += counted
        per_case = [_sum_children(c, is_target, holds) for c in cases]
        if any(c is None for c in per_case):
            return None
        return head + max(c for c in per_case if c is not None)
    return _sum_children(node, is_target, holds)


def _sum_children(
    node: Node, is_target: Callable[[Node], int], holds: Callable[[Node], bool] | None
) -> int | None:
    total = 0
    for child in node.named_children:
        counted = _max_per_iteration(child, is_target, holds)
        if counted is None:
            return None
        total += counted
    return total


def _holds_target(node: Node, is_target: Callable[[Node], int]) -> bool:
    return any(is_target(n) for n in parsing.walk(node))


_JUMPS = "[(break_statement) (continue_statement) (return_statement) (goto_statement)] @jump"


def jumps(node: Node) -> list[Node]:
    """break/continue/return/goto statements in `node`, outside nested func literals."""
    found = parsing.captures(_JUMPS, node).get("jump", [])
    return [j for j in found if not in_closure_below(j, node)]


def runs_every_iteration(statement: Node, loop: Node) -> bool:
    """True when `statement` sits directly in the loop body and nothing before it in the body
    can leave the iteration (no break, continue, return or goto in an earlier statement)."""
    body = loop_body(loop)
    holder = statement.parent
    if body is None or holder is None or holder.parent != body:
        return False
    for earlier in holder.named_children:
        if earlier == statement:
            return True
        if jumps(earlier):
            return False
    return False


def _labeled(node: Node) -> list[Node]:
    return parsing.captures("(labeled_statement) @l", node).get("l", [])


def _label_of(loop: Node) -> str | None:
    parent = loop.parent
    if parent is None or parent.type != "labeled_statement":
        return None
    label = parent.child_by_field_name("label")
    return parsing.text(label) if label is not None else None


def leaves_only_normally(loop: Node, name: bytes) -> str | None:
    """Why code right after the loop might not run before `name` is seen again, or None.

    A return that does not mention the name is fine (the local is dead after it), and so is a
    break or continue of this loop itself; a `goto`, a break/continue aimed at an outer loop's
    label, or a return of the name is not.
    """
    body = loop_body(loop)
    if body is None:
        return None
    # Labels this loop or statements inside it carry: jumping to them stays in the loop.
    inside = {parsing.text(s.child_by_field_name("label")) for s in _labeled(body)}
    inside.add(_label_of(loop) or "")
    for jump in jumps(body):
        line = jump.start_point[0] + 1
        if jump.type == "goto_statement":
            return f"the loop has a goto (line {line})"
        labels = [parsing.text(c) for c in jump.named_children if c.type == "label_name"]
        if any(label not in inside for label in labels):
            return f"the loop has a {jump.type.split('_')[0]} to an outer label (line {line})"
        if jump.type == "return_statement" and mentions(jump, name):
            return f"the loop returns `{name.decode()}` (line {jump.start_point[0] + 1})"
    return None


# --- the loop's iteration count ---------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    """An upper bound on a loop's iteration count, as a Go expression."""

    expression: str
    """Go source: `len(xs)`, `n`, `10`, `len(r.items)`."""
    non_negative: bool
    """Certainly >= 0 (a `len` or a literal); otherwise `make` needs a guard against n < 0."""
    chain: str | None
    """The variable or field chain the expression reads (`xs`, `r.items`), None for a literal."""
    node: Node
    """Where the loop computes it (range expression or bound)."""

    @property
    def root(self) -> str | None:
        return self.chain.split(".", 1)[0] if self.chain else None

    def early_safe(self) -> bool:
        """Evaluating it earlier can neither panic nor read an undeclared name's storage:
        a literal, or a plain variable (not a field chain, which may go through nil)."""
        return self.chain is None or "." not in self.chain


@dataclass(frozen=True)
class Unknown:
    """Why a loop's iteration count is not known (a refusal reason)."""

    reason: str


def loop_capacity(loop: Node, types: TypeFacts) -> Capacity | Unknown:
    """How many times `loop` runs at most, as a cheap side-effect-free Go expression."""
    clause = next(
        (c for c in loop.named_children if c.type in ("range_clause", "for_clause")), None
    )
    if clause is None:
        return Unknown("the loop has no range or counter, so its iteration count is unknown")
    if clause.type == "range_clause":
        return _range_capacity(clause, types)
    return _counter_capacity(loop, clause)


def _range_capacity(clause: Node, types: TypeFacts) -> Capacity | Unknown:
    ranged = clause.child_by_field_name("right")
    if ranged is None:
        return Unknown("the loop's range expression is missing")
    source = parsing.text(ranged)
    if ranged.type == "int_literal":
        return Capacity(source, True, None, ranged)
    if _is_len_call(ranged):
        return Capacity(source, True, chain(_len_argument(ranged)), ranged)
    path = chain(ranged)
    if path is None:
        return Unknown(
            f"the ranged expression `{source}` is not a variable or field; computing it again "
            "for the capacity could repeat its work or side effects"
        )
    kind = types.kind_of(ranged)
    if kind == "chan":
        return Unknown(f"the loop ranges over a channel (`{source}`); its length is not known")
    if kind == "func":
        return Unknown(f"the loop ranges over an iterator function (`{source}`)")
    if kind is None or kind not in ("slice", "array", "map", "string", "int"):
        return Unknown(
            f"cannot tell from the source what `{source}` is (it could be a channel or an iterator)"
        )
    if kind == "int":
        return Capacity(source, False, path, ranged)
    return Capacity(f"len({source})", True, path, ranged)


def _is_len_call(node: Node) -> bool:
    return (
        node.type == "call_expression"
        and parsing.text(node.child_by_field_name("function")) == "len"
        and _len_argument(node) is not None
    )


def _len_argument(call: Node) -> Node | None:
    arguments = call.child_by_field_name("arguments")
    args = arguments.named_children if arguments is not None else []
    if len(args) == 1 and chain(args[0]) is not None:
        return args[0]
    return None


def _counter_capacity(loop: Node, clause: Node) -> Capacity | Unknown:
    init = clause.child_by_field_name("initializer")
    condition = clause.child_by_field_name("condition")
    update = clause.child_by_field_name("update")
    counter = _zero_initialised(init)
    if counter is None:
        return Unknown("the loop counter does not start at a literal 0")
    if (
        condition is None
        or condition.type != "binary_expression"
        or parsing.text(condition.child_by_field_name("left")) != counter
        or operator_text(condition) != "<"
    ):
        return Unknown(f"the loop condition is not `{counter} < bound`")
    if not _steps_by_one(update, counter):
        return Unknown(f"the loop does not step `{counter}` by one")
    bound = condition.child_by_field_name("right")
    if bound is None:
        return Unknown("the loop bound is missing")
    source = parsing.text(bound)
    body = loop_body(loop)
    if body is not None:
        changed = _modifications(body, counter)
        if changed is not None:
            return Unknown(
                f"the loop counter `{counter}` is changed inside the loop "
                f"(line {changed.start_point[0] + 1})"
            )
    if bound.type == "int_literal":
        return Capacity(source, True, None, bound)
    if _is_len_call(bound):
        capacity = Capacity(source, True, chain(_len_argument(bound)), bound)
    elif chain(bound) is not None:
        capacity = Capacity(source, False, chain(bound), bound)
    else:
        return Unknown(f"the loop bound `{source}` is not a variable, field or len() of one")
    reason = bound_changes(loop, capacity)
    return Unknown(reason) if reason else capacity


def operator_text(node: Node) -> str:
    operator_node = node.child_by_field_name("operator")
    return parsing.text(operator_node) if operator_node is not None else ""


def _zero_initialised(init: Node | None) -> str | None:
    """`i` for `i := 0` or `i = 0`, else None."""
    if init is None or init.type not in ("short_var_declaration", "assignment_statement"):
        return None
    left, right = init.child_by_field_name("left"), init.child_by_field_name("right")
    if (
        left is None
        or right is None
        or len(left.named_children) != 1
        or len(right.named_children) != 1
    ):
        return None
    name, value = left.named_children[0], right.named_children[0]
    if name.type != "identifier" or value.type != "int_literal" or parsing.text(value) != "0":
        return None
    if init.type == "assignment_statement" and operator(init) != b"=":
        return None
    return parsing.text(name)


def _steps_by_one(update: Node | None, counter: str) -> bool:
    if update is None:
        return False
    if update.type == "inc_statement":
        return parsing.text(update.named_children[0]) == counter
    if update.type == "assignment_statement" and operator(update) == b"+=":
        left, right = update.child_by_field_name("left"), update.child_by_field_name("right")
        return parsing.text(left) == counter and parsing.text(right) == "1"
    return False


def bound_changes(loop: Node, capacity: Capacity) -> str | None:
    """Why the loop's bound may change while it runs (a counter loop re-reads it), or None."""
    path = capacity.chain
    if path is None:
        return None
    changed = _modifications(loop, path)
    if changed is not None:
        line = changed.start_point[0] + 1
        return f"the loop bound `{path}` is changed inside the loop (line {line})"
    function = enclosing_function(loop)
    root = path.split(".", 1)[0].encode()
    if function is not None:
        for closure in parsing.captures("(func_literal) @f", function).get("f", []):
            if closure.start_byte > loop.end_byte:
                continue  # made after the loop: it cannot run while the loop does
            if mentions(closure, root) and not _within(closure, loop):
                return f"`{root.decode()}` is captured by a closure that could change the bound"
            if mentions(closure, root) and _within(closure, loop):
                return f"`{root.decode()}` is used in a closure inside the loop"
        for taken in _address_taken(function, path):
            return (
                f"the address of `{parsing.text(taken)}` is taken (line {taken.start_point[0] + 1})"
            )
    return None


def _modifications(region: Node, path: str) -> Node | None:
    """The first place in `region` that may change `path` (or a prefix of it) in place."""
    root = path.split(".", 1)[0].encode()
    for identifier in identifiers(region, root):
        target = identifier
        while (
            target.parent is not None
            and target.parent.type == "selector_expression"
            and target.parent.child_by_field_name("operand") == target
            and (text := chain(target.parent)) is not None
            and _is_prefix(text, path)
        ):
            target = target.parent
        if _is_changed_here(target, full=chain(target) == path):
            return target
    return None


def _is_changed_here(target: Node, *, full: bool) -> bool:
    parent = target.parent
    if parent is None:
        return False
    if parent.type in ("inc_statement", "dec_statement"):
        return True
    if parent.type == "unary_expression" and operator_text(parent) == "&":
        return True
    if parent.type == "expression_list" and parent.parent is not None:
        holder = parent.parent
        if holder.child_by_field_name("left") == parent and (
            holder.type in ("assignment_statement", "receive_statement")
            or (holder.type == "range_clause" and operator(holder) == b"=")
        ):
            return True
    if not full:
        # A method call on, or a call given, part of the chain may change the rest of it.
        if parent.type == "selector_expression" and parent.parent is not None:
            return parent.parent.type == "call_expression"
        if parent.type == "argument_list":
            return True
    return False


def _address_taken(function: Node, path: str) -> Iterator[Node]:
    root = path.split(".", 1)[0].encode()
    for identifier in identifiers(function, root):
        node = identifier
        while (
            node.parent is not None
            and node.parent.type == "selector_expression"
            and node.parent.child_by_field_name("operand") == node
        ):
            node = node.parent
        if (
            node.parent is not None
            and node.parent.type == "unary_expression"
            and operator_text(node.parent) == "&"
            and _is_prefix(chain(node) or "\0", path)
        ):
            yield node


# --- declared types, from the file and its package --------------------------------------------


@dataclass(frozen=True)
class Declaration:
    """Where a variable was declared: its written type and/or its initial value."""

    node: Node
    type: Node | None
    value: Node | None
    variadic: bool = False
    """`xs ...T`: a slice, though no `[]T` node is written."""


class PackageIndex:
    """Package-level declarations of a package, looked up by name.

    Only files whose text could declare the name are parsed: a package-level declaration
    puts the name first on its line, alone (in a group) or after func/var/const/type. The
    engine analyses a package's files one after another, so the last package's index is kept
    and shared by them.
    """

    def __init__(self, file: GoFile) -> None:
        self.file = file
        self._sources: dict[Path, bytes] = {}
        self._types: dict[bytes, Node | None] = {}
        self._globals: dict[bytes, Declaration | None] = {}
        self._own_names: frozenset[bytes] | None = None

    @classmethod
    def of(cls, file: GoFile) -> PackageIndex:
        package = file.package
        if package is None:
            return cls(file)
        cached = _LAST_INDEX.get("package")
        if cached is not None and cached[0] is package:
            return cached[1]
        index = cls(file)
        _LAST_INDEX["package"] = (package, index)
        return index

    def type_spec(self, name: bytes) -> Node | None:
        """The type_spec or type_alias declaring package-level type `name`."""
        if name not in self._types:
            self._look_up(name)
        return self._types.get(name)

    def global_declaration(self, name: bytes) -> Declaration | None:
        """The package-level var, const or func declaration of `name`."""
        if name not in self._globals:
            self._look_up(name)
        return self._globals.get(name)

    def declares(self, name: bytes) -> bool:
        return self.type_spec(name) is not None or self.global_declaration(name) is not None

    def _look_up(self, name: bytes) -> None:
        self._types.setdefault(name, None)
        self._globals.setdefault(name, None)
        for go_file in self._files_matching(name):
            for decl in go_file.root.named_children:
                self._record(decl, name)

    def _record(self, decl: Node, name: bytes) -> None:
        if decl.type == "type_declaration":
            for spec in decl.named_children:
                spec_name = spec.child_by_field_name("name")
                if spec_name is not None and spec_name.text == name and self._types[name] is None:
                    self._types[name] = spec
        elif decl.type in ("var_declaration", "const_declaration"):
            for spec in specs(decl):
                for spec_name_text, declaration in _spec_declarations(spec):
                    if spec_name_text == name and self._globals[name] is None:
                        self._globals[name] = declaration
        elif decl.type == "function_declaration":
            name_node = decl.child_by_field_name("name")
            if name_node is not None and name_node.text == name and self._globals[name] is None:
                self._globals[name] = Declaration(decl, None, decl)

    def _files_matching(self, name: bytes) -> Iterator[GoFile]:
        """This file, then the package's other files, whose text has `name` first on a line
        (after func/var/const/type or not): the only files that could declare it."""
        # For a plain word, the words each file has first on a line are found once per file
        # and package, not searched for once per name looked up (the same test as `could`).
        could = (
            None
            if _WORD.fullmatch(name) is not None
            else re.compile(
                rb"(?m)^[ \t]*(?:(?:func|var|const|type)[ \t]+)?" + re.escape(name) + rb"\b"
            )
        )
        if could is None:
            if self._own_names is None:
                self._own_names = _line_start_names(self.file.source)
            own = name in self._own_names
        else:
            own = could.search(self.file.source) is not None
        if own:
            yield self.file
        package = self.file.package
        if package is None:
            return
        names: dict[Path, frozenset[bytes]] = package.memo(("_loops", "line-start names"), dict)
        for path in package.paths:
            if path == self.file.path:
                continue
            if path not in self._sources:
                parsed = package._files.get(path)
                if parsed is not None:  # the engine or a lookup has it already: no re-read
                    self._sources[path] = (BOM if parsed.bom else b"") + parsed.source
                else:
                    try:
                        self._sources[path] = path.read_bytes()
                    except OSError:
                        self._sources[path] = b""
            data = self._sources[path]
            if not data:
                continue
            if could is None:
                if path not in names:
                    names[path] = _line_start_names(data)
                matched = name in names[path]
            else:
                matched = could.search(data) is not None
            if matched:
                go_file = package.file(path, data)
                if not go_file.root.has_error:
                    yield go_file


_WORD = re.compile(rb"\w+")
_LINE_START = re.compile(rb"\n[ \t]*(\w+)")
_AFTER_KEYWORD = re.compile(rb"\n[ \t]*(?:func|var|const|type)[ \t]+(\w+)")


def _line_start_names(source: bytes) -> frozenset[bytes]:
    """Every word `(?m)^[ \\t]*(?:(?:func|var|const|type)[ \\t]+)?WORD\\b` matches in `source`.

    Two `\\n`-anchored searches are several times faster than one `(?m)^` search per name.
    """
    text = b"\n" + source
    return frozenset(_LINE_START.findall(text)).union(_AFTER_KEYWORD.findall(text))


_LAST_INDEX: dict[str, tuple[Package, PackageIndex]] = {}


class TypeFacts:
    """Declared types of variables and fields, from this file and its package's source.

    Only what the source states: a declared type, or a value whose type is written in it
    (`[]T{}`, `make(map[K]V)`, a string literal). Anything else is unknown (None).
    """

    def __init__(self, file: GoFile) -> None:
        self.file = file

    @cached_property
    def _index(self) -> PackageIndex:
        return PackageIndex.of(self.file)

    def package_declares(self, name: bytes) -> bool:
        """True when some file of the package declares `name` at package level (so `len`,
        `make` or `slices` would not mean what generated code expects)."""
        return self._index.declares(name)

    def declaration(self, name: bytes, at: Node) -> Declaration | None:
        local = _local_declaration(name, at)
        if local is not None:
            return local
        if enclosing_function(at) is None:
            return None
        return self._index.global_declaration(name)

    def kind_of(self, expression: Node) -> str | None:
        """slice, array, map, string, int, chan, func, pointer, struct, interface, other or None."""
        kind = expression.type
        if kind == "parenthesized_expression" and expression.named_children:
            return self.kind_of(expression.named_children[0])
        if kind == "int_literal":
            return "int"
        if kind in ("interpreted_string_literal", "raw_string_literal"):
            return "string"
        if kind == "call_expression" and parsing.text(
            expression.child_by_field_name("function")
        ) in (
            "len",
            "cap",
        ):
            return "int"
        if kind == "identifier" and expression.text is not None:
            declaration = self.declaration(expression.text, expression)
            if declaration is None:
                return None
            if declaration.variadic:
                return "slice"
            if declaration.type is not None:
                return self.kind_of_type(declaration.type)
            if declaration.value is not None:
                if declaration.value.type in ("function_declaration", "func_literal"):
                    return "func"
                if declaration.value.type == "unary_expression":
                    return "pointer" if operator_text(declaration.value) == "&" else None
                if declaration.value.type in (
                    "int_literal",
                    "interpreted_string_literal",
                    "raw_string_literal",
                ):
                    return self.kind_of(declaration.value)
                written = _written_type(declaration.value)
                return self.kind_of_type(written) if written is not None else None
            return None
        type_node = self.type_of(expression)
        return self.kind_of_type(type_node) if type_node is not None else None

    def type_of(self, expression: Node) -> Node | None:
        """The type node the source writes for a variable or field chain, pointers stripped
        only where a field is selected through them."""
        if expression.type == "identifier" and expression.text is not None:
            declaration = self.declaration(expression.text, expression)
            if declaration is None or declaration.variadic:
                return None
            if declaration.type is not None:
                return declaration.type
            value = declaration.value
            if (
                value is not None
                and value.type == "unary_expression"
                and operator_text(value) == "&"
            ):
                operand = value.child_by_field_name("operand")
                return _written_type(operand) if operand is not None else None
            return _written_type(value) if value is not None else None
        if expression.type == "selector_expression":
            operand = expression.child_by_field_name("operand")
            field = expression.child_by_field_name("field")
            if operand is None or field is None or field.type != "field_identifier":
                return None
            holder = self.type_of(operand)
            return self._field_type(holder, field.text or b"") if holder is not None else None
        return None

    def kind_of_type(self, type_node: Node, depth: int = 0) -> str | None:
        kind = type_node.type
        direct = {
            "slice_type": "slice",
            "array_type": "array",
            "implicit_length_array_type": "array",
            "map_type": "map",
            "channel_type": "chan",
            "function_type": "func",
            "pointer_type": "pointer",
            "struct_type": "struct",
            "interface_type": "interface",
        }
        if kind in direct:
            return direct[kind]
        if depth > 8:
            return None
        if kind == "parenthesized_type" and type_node.named_children:
            return self.kind_of_type(type_node.named_children[0], depth + 1)
        if kind == "generic_type":
            base = type_node.child_by_field_name("type")
            return self.kind_of_type(base, depth + 1) if base is not None else None
        if kind != "type_identifier" or type_node.text is None:
            return None
        name = type_node.text
        if name in _type_parameters_in_scope(type_node) or _declared_in_function(type_node):
            return None  # a type parameter or a function-local type: not read here
        spec = self._index.type_spec(name)
        if spec is not None:
            underlying = spec.child_by_field_name("type")
            return self.kind_of_type(underlying, depth + 1) if underlying is not None else None
        if name == b"string":
            return "string"
        if name in _INTEGER_TYPES:
            return "int"
        return "other" if name in (b"bool", b"float32", b"float64", b"error", b"any") else None

    def _field_type(self, holder: Node, field: bytes, depth: int = 0) -> Node | None:
        while holder.type in ("pointer_type", "parenthesized_type") and holder.named_children:
            holder = holder.named_children[0]
        if holder.type == "generic_type":
            base = holder.child_by_field_name("type")
            if base is None:
                return None
            holder = base
        if holder.type == "type_identifier" and depth < 8:
            if (
                holder.text is None
                or holder.text in _type_parameters_in_scope(holder)
                or _declared_in_function(holder)
            ):
                return None
            spec = self._index.type_spec(holder.text)
            underlying = spec.child_by_field_name("type") if spec is not None else None
            return (
                self._field_type(underlying, field, depth + 1) if underlying is not None else None
            )
        if holder.type != "struct_type":
            return None
        fields = next(
            (c for c in holder.named_children if c.type == "field_declaration_list"), None
        )
        for declaration in fields.named_children if fields is not None else []:
            if declaration.type != "field_declaration":
                continue
            names = [n.text for n in declaration.children_by_field_name("name")]
            if field in names:
                return declaration.child_by_field_name("type")
        return None


def specs(declaration: Node) -> list[Node]:
    """The var_spec/const_spec nodes of one `var` or `const` declaration, grouped or not
    (never those of declarations nested in its values, such as inside a func literal)."""
    found = []
    for child in declaration.named_children:
        if child.type in ("var_spec", "const_spec"):
            found.append(child)
        elif child.type in ("var_spec_list", "const_spec_list"):
            found.extend(c for c in child.named_children if c.type in ("var_spec", "const_spec"))
    return found


def _spec_declarations(spec: Node) -> Iterator[tuple[bytes, Declaration]]:
    names = spec.children_by_field_name("name")
    type_node = spec.child_by_field_name("type")
    value_list = spec.child_by_field_name("value")
    values = value_list.named_children if value_list is not None else []
    for index, name in enumerate(names):
        if name.text is None:
            continue
        value = values[index] if len(values) == len(names) else None
        yield name.text, Declaration(spec, type_node, value)


def _written_type(value: Node) -> Node | None:
    """The type a value's own source states: `[]T{...}`, `make(T, ...)`, `T(x)`."""
    if value.type == "composite_literal":
        return value.child_by_field_name("type")
    if value.type == "type_conversion_expression":
        return value.child_by_field_name("type")
    if (
        value.type == "call_expression"
        and parsing.text(value.child_by_field_name("function")) == "make"
    ):
        arguments = value.child_by_field_name("arguments")
        if arguments is not None and arguments.named_children:
            return arguments.named_children[0]
    return None


def _local_declaration(name: bytes, at: Node) -> Declaration | None:
    """The nearest declaration of `name` visible at `at` inside its function, if any.

    A declaration whose type cannot be read (a range variable, a type-switch binding, one of
    several results of a call) comes back with neither type nor value: known, but unknown.
    """
    child = at
    for parent in parsing.ancestors(at):
        found: Declaration | None = None
        if parent.type == "statement_list":
            for sibling in reversed(parent.named_children):
                if sibling.start_byte < child.start_byte:
                    found = found or _declared_by(sibling, name)
        elif parent.type == "type_switch_statement":
            alias = parent.child_by_field_name("alias")
            if (
                alias is not None
                and name in [n.text for n in alias.named_children]
                and not _within(child, alias)
                and child != parent.child_by_field_name("value")
            ):
                return Declaration(parent, None, None)
            found = _declared_in_header(parent, child, name)
        elif parent.type in (
            "for_statement",
            "if_statement",
            "expression_switch_statement",
            "communication_case",
        ):
            found = _declared_in_header(parent, child, name)
        elif parent.type in FUNCTION_TYPES:
            found = _parameter(parent, name)
            if found is None and parent.type != "func_literal":
                return None
        if found is not None:
            return found
        child = parent
    return None


def _declared_in_header(statement: Node, child: Node, name: bytes) -> Declaration | None:
    """A name declared by an if/for/switch header or a select case, seen from `child`.

    A range clause's own variables are not in scope in its range expression, so the part that
    holds `child` is never searched.
    """
    for part in statement.named_children:
        if part == child or _within(child, part):
            continue
        if part.type in ("block", "statement_list") or part.type.endswith("_case"):
            continue
        if part.type == "for_clause":
            init = part.child_by_field_name("initializer")
            found = _declared_by(init, name) if init is not None else None
        else:
            found = _declared_by(part, name)
        if found is not None:
            return found
    return None


def _parameter(function: Node, name: bytes) -> Declaration | None:
    for field in ("receiver", "parameters", "result"):
        params = function.child_by_field_name(field)
        if params is None or params.type != "parameter_list":
            continue
        for param in params.named_children:
            if name in [n.text for n in param.children_by_field_name("name")]:
                variadic = param.type == "variadic_parameter_declaration"
                type_node = None if variadic else param.child_by_field_name("type")
                return Declaration(param, type_node, None, variadic=variadic)
    return None


def _declared_by(statement: Node, name: bytes) -> Declaration | None:
    """The declaration of `name` made by this one statement (not by statements nested in it)."""
    kind = statement.type
    if kind in ("var_declaration", "const_declaration"):
        for spec in specs(statement):
            for spec_name, declaration in _spec_declarations(spec):
                if spec_name == name:
                    return declaration
        return None
    if kind == "short_var_declaration":
        left, right = statement.child_by_field_name("left"), statement.child_by_field_name("right")
        names = [n.text for n in left.named_children] if left is not None else []
        if name not in names:
            return None
        values = right.named_children if right is not None else []
        value = values[names.index(name)] if len(values) == len(names) else None
        return Declaration(statement, None, value)
    if kind in ("range_clause", "receive_statement"):
        left = statement.child_by_field_name("left")
        if (
            operator(statement) == b":="
            and left is not None
            and name in [n.text for n in left.named_children]
        ):
            return Declaration(statement, None, None)
    return None


def _type_parameters_in_scope(node: Node) -> set[bytes]:
    """Type parameter names visible at `node`: of the enclosing generic function or type, and
    of a generic method's receiver (`func (l *List[T]) ...`)."""
    names: set[bytes] = set()
    for ancestor in (node, *parsing.ancestors(node)):
        params = ancestor.child_by_field_name("type_parameters")
        if params is not None:
            for declaration in params.named_children:
                names.update(n.text for n in declaration.children_by_field_name("name") if n.text)
        if ancestor.type == "method_declaration":
            receiver = ancestor.child_by_field_name("receiver")
            if receiver is not None:
                for generic in parsing.captures("(generic_type) @g", receiver).get("g", []):
                    arguments = generic.child_by_field_name("type_arguments")
                    if arguments is not None:
                        names.update(
                            a.text
                            for a in parsing.walk(arguments)
                            if a.type == "type_identifier" and a.text
                        )
    return names


def _declared_in_function(type_name: Node) -> bool:
    """True when a type of this name is declared inside the enclosing function (it would
    shadow a package-level or predeclared type of the same name)."""
    outer = None
    for ancestor in parsing.ancestors(type_name):
        if ancestor.type in FUNCTION_TYPES:
            outer = ancestor
    if outer is None:
        return False
    specs = parsing.captures("[(type_spec) (type_alias)] @spec", outer).get("spec", [])
    names = [spec.child_by_field_name("name") for spec in specs]
    return any(n is not None and n.text == type_name.text for n in names)


# --- edits around a loop ----------------------------------------------------------------------


def lines_before(file: GoFile, statement: Node, loop: Node, lines: list[str]) -> Edit | None:
    """An edit inserting whole `lines` (Go statements, already relatively indented with tabs)
    before `statement`, at the indentation of `loop` (which differs for a labeled loop: gofmt
    outdents the label). None if `statement` does not start its own line."""
    start = file.line_start(statement.start_byte)
    if file.source[start : statement.start_byte].strip(b" \t"):
        return None
    indent = file.indent_of(loop)
    text = b"".join(indent + line.encode() + file.newline for line in lines)
    return Edit(start, start, text)


def lines_after(file: GoFile, loop: Node, lines: list[str]) -> Edit | None:
    """An edit inserting whole `lines` after the line `loop` ends on, at its indentation.
    None when code (not just a comment) follows the loop on that line."""
    end = file.source.find(b"\n", loop.end_byte)
    end = len(file.source) if end < 0 else end
    if end > 0 and file.source[end - 1 : end] == b"\r":
        end -= 1
    rest = file.source[loop.end_byte : end].strip(b" \t")
    if rest and not rest.startswith(b"//"):
        return None
    indent = file.indent_of(loop)
    text = b"".join(file.newline + indent + line.encode() for line in lines)
    return Edit(end, end, text)


def declared_before(types: TypeFacts, capacity: Capacity, statement: Node) -> bool:
    """True when the capacity can be computed where `statement` is, with the same meaning:
    a literal, or a plain variable declared before `statement` (package level included)."""
    if capacity.chain is None:
        return True
    if not capacity.early_safe() or capacity.root is None:
        return False
    declaration = types.declaration(capacity.root.encode(), capacity.node)
    if declaration is None:
        return False
    return (
        declaration.node.end_byte <= statement.start_byte
        or enclosing_function(declaration.node) is None
    )


def redeclared(at: Node, types: TypeFacts, names: tuple[str, ...]) -> list[str]:
    """Those of `names` (predeclared ones such as `len`, `make`, `nil`) that the function
    holding `at`, or its package, declares anew, so generated code using them would mean
    something else."""
    outer = None
    for ancestor in parsing.ancestors(at):
        if ancestor.type in FUNCTION_TYPES:
            outer = ancestor
    return [
        name
        for name in names
        if types.package_declares(name.encode())
        or (outer is not None and declares(outer, name.encode()) is not None)
    ]
