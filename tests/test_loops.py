"""Unit tests for transforms/_loops.py, and a run of prealloc-* outputs against their inputs.

The unit tests parse small Go sources and ask the loop analysis its questions directly. The
last test is the behaviour check the golden files cannot make: it builds each rewritten golden
case next to its original with the real Go toolchain and calls both with empty, nil, negative
and ordinary inputs, comparing value, nil-ness and JSON.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from gocodemod.transforms import _loops
from gocodemod.transforms._loops import Capacity, TypeFacts, Unknown
from tree_sitter import Node

from gocodemod import parsing
from gocodemod.gotool import run_go
from gocodemod.source import GoFile, Package

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def go_file(
    body: str, *, tmp_path: Path | None = None, others: dict[str, str] | None = None
) -> GoFile:
    """A parsed file `p.go` holding `body`; with `others`, sibling files of the same package."""
    source = textwrap.dedent(body).lstrip().encode()
    if tmp_path is None:
        return GoFile.from_bytes(Path("p.go"), source)
    for name, text in (others or {}).items():
        (tmp_path / name).write_text(textwrap.dedent(text).lstrip())
    path = tmp_path / "p.go"
    path.write_bytes(source)
    package = Package.of_directory(tmp_path)
    return package.file(path)


def first(file: GoFile, node_type: str, text: str | None = None) -> Node:
    for node in parsing.walk(file.root):
        if node.type == node_type and (text is None or parsing.text(node) == text):
            return node
    raise AssertionError(f"no {node_type} {text or ''}")


def loop(file: GoFile, index: int = 0) -> Node:
    return [n for n in parsing.walk(file.root) if n.type == "for_statement"][index]


# --- capacity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expression", "non_negative"),
    [
        ("for _, x := range xs", "len(xs)", True),
        ("for k := range m", "len(m)", True),
        ("for _, r := range s", "len(s)", True),
        ("for i := range arr", "len(arr)", True),
        ("for i := range n", "n", False),
        ("for range 10", "10", True),
        ("for i := range len(xs)", "len(xs)", True),
        ("for i := 0; i < n; i++", "n", False),
        ("for i := 0; i < len(xs); i += 1", "len(xs)", True),
        ("for i := 0; i < 8; i++", "8", True),
        ("for _, v := range t.items", "len(t.items)", True),
        ("for _, v := range variadic", "len(variadic)", True),
    ],
)
def test_capacity_of_countable_loops(header: str, expression: str, non_negative: bool) -> None:
    file = go_file(f"""
        package p

        type T struct{{ items []string }}

        func f(xs []int, m map[string]bool, s string, n int, t *T, variadic ...int) {{
            var arr [3]int
            {header} {{
            }}
            _ = arr
        }}
    """)
    capacity = _loops.loop_capacity(loop(file), TypeFacts(file))
    assert isinstance(capacity, Capacity), capacity
    assert (capacity.expression, capacity.non_negative) == (expression, non_negative)


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        ("for v := range ch", "channel"),
        ("for v := range seq", "iterator function"),
        ("for v := range unknown", "cannot tell"),
        ("for _, w := range strings.Fields(s)", "not a variable or field"),
        ("for i := 1; i < n; i++", "does not start at a literal 0"),
        ("for i := 0; i <= n; i++", "not `i < bound`"),
        ("for i := 0; i < n; i += 2", "does not step `i` by one"),
        ("for i := 0; i < n*2; i++", "not a variable, field or len() of one"),
        ('for s != ""', "no range or counter"),
    ],
)
def test_capacity_refused(header: str, reason: str) -> None:
    file = go_file(f"""
        package p

        import "strings"

        func f(ch chan int, seq func(func(int) bool), s string, n int) {{
            unknown := strings.Split(s, ",")
            {header} {{
            }}
            _ = unknown
        }}
    """)
    capacity = _loops.loop_capacity(loop(file), TypeFacts(file))
    assert isinstance(capacity, Unknown)
    assert reason in capacity.reason


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("n--", "bound `n` is changed"),
        ("n = 3", "bound `n` is changed"),
        ("p := &n; _ = p", "bound `n` is changed"),
        ("i++", "counter `i` is changed"),
    ],
)
def test_counter_loop_refuses_changes_to_bound_or_counter(body: str, reason: str) -> None:
    file = go_file(f"""
        package p

        func f(n int) {{
            for i := 0; i < n; i++ {{
                {body}
            }}
        }}
    """)
    capacity = _loops.loop_capacity(loop(file), TypeFacts(file))
    assert isinstance(capacity, Unknown)
    assert reason in capacity.reason


def test_bound_changed_by_a_closure_made_before_the_loop() -> None:
    file = go_file("""
        package p

        func f(n int) {
            shrink := func() { n-- }
            for i := 0; i < n; i++ {
                shrink()
            }
        }
    """)
    capacity = _loops.loop_capacity(loop(file), TypeFacts(file))
    assert isinstance(capacity, Unknown) and "closure" in capacity.reason


def test_field_bound_changed_through_a_method_call_on_its_holder() -> None:
    file = go_file("""
        package p

        type Q struct{ n int }

        func (q *Q) pop() { q.n-- }

        func f(q *Q) {
            for i := 0; i < q.n; i++ {
                q.pop()
            }
        }
    """)
    capacity = _loops.loop_capacity(loop(file), TypeFacts(file))
    assert isinstance(capacity, Unknown) and "`q.n`" in capacity.reason


# --- declared types -----------------------------------------------------------------------------


def test_kinds_from_declarations_and_values() -> None:
    file = go_file("""
        package p

        type IDs []int
        type Pair[K comparable, V any] struct{ keys []K }

        const limit = 10

        var global = map[string]int{}

        func f[S ~[]int](s S, ids IDs, p Pair[string, int], xs ...string) {
            a := []int{1}
            b := make(map[int]bool)
            c := "text"
            var d [4]byte
            e := []byte(c)
            g := func() {}
            h := &a
            use(s, ids, p, xs, a, b, c, d, e, g, h, limit, global)
        }
    """)
    types = TypeFacts(file)
    call = next(
        n
        for n in parsing.walk(file.root)
        if n.type == "call_expression" and parsing.text(n.child_by_field_name("function")) == "use"
    )
    argument_list = call.child_by_field_name("arguments")
    assert argument_list is not None
    arguments = {parsing.text(a): a for a in argument_list.named_children}
    expected = {
        "s": None,  # a type parameter: not read
        "ids": "slice",
        "p": "struct",
        "xs": "slice",
        "a": "slice",
        "b": "map",
        "c": "string",
        "d": "array",
        "e": "slice",
        "g": "func",
        "h": "pointer",
        "limit": "int",
        "global": "map",
    }
    assert {name: types.kind_of(node) for name, node in arguments.items()} == expected


def test_field_types_come_from_other_files_of_the_package(tmp_path: Path) -> None:
    file = go_file(
        """
        package p

        func (r *Report) Names() {
            for _, row := range r.rows {
                _ = row
            }
        }
        """,
        tmp_path=tmp_path,
        others={
            "types.go": """
                package p

                type Row struct{ Name string }

                type Report struct {
                    inner struct{ rows chan Row }
                    rows  []Row
                }
            """
        },
    )
    capacity = _loops.loop_capacity(loop(file), TypeFacts(file))
    assert isinstance(capacity, Capacity) and capacity.expression == "len(r.rows)"


def test_shadowing_declaration_wins_over_the_outer_one() -> None:
    file = go_file("""
        package p

        func f(xs []int, ch chan int) {
            if xs := ch; xs != nil {
                for v := range xs {
                    _ = v
                }
            }
        }
    """)
    capacity = _loops.loop_capacity(loop(file), TypeFacts(file))
    assert isinstance(capacity, Unknown) and "channel" in capacity.reason


def test_range_variables_and_type_switch_bindings_are_unknown() -> None:
    file = go_file("""
        package p

        func f(groups [][]int, x any) {
            for _, g := range groups {
                for _, v := range g {
                    _ = v
                }
            }
            switch xs := x.(type) {
            case []int:
                for _, v := range xs {
                    _ = v
                }
            }
        }
    """)
    types = TypeFacts(file)
    for index in (1, 2):
        capacity = _loops.loop_capacity(loop(file, index), types)
        assert isinstance(capacity, Unknown) and "cannot tell" in capacity.reason


def test_package_declares_finds_grouped_and_single_declarations(tmp_path: Path) -> None:
    file = go_file(
        "package p\n\nfunc f() {}\n",
        tmp_path=tmp_path,
        others={
            "a.go": "package p\n\nvar (\n\tlen = 3\n)\n",
            "b.go": "package p\n\ntype T struct {\n\tmake int\n}\n\nfunc (T) nil() {}\n",
        },
    )
    types = TypeFacts(file)
    assert types.package_declares(b"len")
    assert not types.package_declares(b"make")  # a struct field, not a package-level name
    assert not types.package_declares(b"nil")  # a method, not a package-level name


# --- uses, shadowing, per-iteration counts -----------------------------------------------------


def test_first_use_after_skips_statements_that_do_not_mention_the_name() -> None:
    file = go_file("""
        package p

        func f(xs []int) []int {
            var out []int
            // a comment
            n := len(xs)
            for _, x := range xs {
                out = append(out, x+n)
            }
            return out
        }
    """)
    declaration = first(file, "var_declaration")
    use = _loops.first_use_after(declaration, b"out")
    assert use is not None and use.loop is not None
    assert [parsing.text(s) for s in use.between] == ["n := len(xs)"]
    assert not use.adjacent


def test_declares_finds_new_names_but_not_assignments() -> None:
    file = go_file("""
        package p

        func f(xs []int) {
            out := 0
            for _, x := range xs {
                out = x
                if out, ok := g(); ok {
                    _ = out
                }
            }
        }

        func g() (int, bool) { return 0, false }
    """)
    shadow = _loops.declares(loop(file), b"out")
    assert shadow is not None and shadow.start_point[0] == 6


def _appends_to(name: bytes) -> Callable[[Node], int]:
    def is_target(node: Node) -> int:
        return int(
            node.type == "assignment_statement"
            and parsing.text(node).startswith(name.decode() + " = append(")
        )

    return is_target


@pytest.mark.parametrize(
    ("body", "most"),
    [
        ("s = append(s, 1)", 1),
        ("if c { s = append(s, 1) }", 1),
        ("if c { s = append(s, 1) } else { s = append(s, 2) }", 1),
        ("switch { case c: s = append(s, 1); default: s = append(s, 2) }", 1),
        ("s = append(s, 1); s = append(s, 2)", 2),
        ("for range 3 { s = append(s, 1) }", None),
        ("switch { case c: s = append(s, 1); fallthrough; default: s = append(s, 2) }", None),
    ],
)
def test_max_per_iteration(body: str, most: int | None) -> None:
    file = go_file(f"""
        package p

        func f(c bool) {{
            var s []int
            for range 5 {{
                {body}
            }}
            _ = s
        }}
    """)
    body_node = _loops.loop_body(loop(file))
    assert body_node is not None
    assert _loops.max_per_iteration(body_node, _appends_to(b"s")) == most


@pytest.mark.parametrize(
    ("before", "every"),
    [("", True), ("if c { continue }", False), ("if c { return }", False), ("x := 1; _ = x", True)],
)
def test_runs_every_iteration(before: str, every: bool) -> None:
    file = go_file(f"""
        package p

        func f(c bool) {{
            var s []int
            for range 5 {{
                {before}
                s = append(s, 1)
            }}
            _ = s
        }}
    """)
    statement = first(file, "assignment_statement", "s = append(s, 1)")
    assert _loops.runs_every_iteration(statement, loop(file)) is every


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("if c { break }", None),
        ("if c { return }", None),
        ("if c { return s }", "returns `s`"),
        ("if c { goto end }", "goto"),
        ("if c { continue outer }", "outer label"),
        ("if c { continue inner }", None),
        ("for range 2 { if c { break inner } }", None),
    ],
)
def test_leaves_only_normally(body: str, problem: str | None) -> None:
    file = go_file(f"""
        package p

        func f(c bool) []int {{
            var s []int
        outer:
            for range 3 {{
            inner:
                for range 5 {{
                    {body}
                }}
            }}
            _ = s
        end:
            return nil
        }}
    """)
    reason = _loops.leaves_only_normally(loop(file, 1), b"s")
    if problem is None:
        assert reason is None
    else:
        assert reason is not None and problem in reason


# --- behaviour: the rewritten golden cases against their inputs ---------------------------------

# Calls per rewritten case; `{p}` stands for the package (before or after) of the case.
CALLS: dict[str, list[str]] = {
    "prealloc-slice/range_slice_var.go": [
        "{p}.IDs(nil)",
        "{p}.IDs([]{p}.Order{})",
        "{p}.IDs([]{p}.Order{{ID: 1}, {ID: 2}})",
    ],
    "prealloc-slice/append_under_if_var.go": [
        "{p}.Negative(nil)",
        "{p}.Negative([]int{1, 2})",
        "{p}.Negative([]int{-1, 2, -3})",
    ],
    "prealloc-slice/append_under_if_literal.go": [
        "{p}.Positive(nil)",
        "{p}.Positive([]int{-1})",
        "{p}.Positive([]int{3, -1, 4})",
    ],
    "prealloc-slice/counter_loop_var.go": ["{p}.Squares(-3)", "{p}.Squares(0)", "{p}.Squares(4)"],
    "prealloc-slice/counter_loop_literal.go": ["{p}.Evens(-1)", "{p}.Evens(0)", "{p}.Evens(3)"],
    "prealloc-slice/range_map.go": ["{p}.Keys(nil)", '{p}.Keys(map[string]int{"a": 1})'],
    "prealloc-slice/range_string.go": ['{p}.Runes("")', '{p}.Runes("héllo")'],
    "prealloc-slice/named_slice_type.go": ["{p}.Strings(nil)", "{p}.Strings({p}.IDList{1, 2})"],
    "prealloc-slice/statements_between_field.go": [
        '(&{p}.Sheet{}).Upper(" x ")',
    ],
    "prealloc-slice/go122/grow_range.go": ["{p}.Labels(nil)", "{p}.Labels([]int{1, 2})"],
    "prealloc-slice/go122/grow_conditional.go": [
        "{p}.Long(nil, 2)",
        '{p}.Long([]string{"a"}, 2)',
        '{p}.Long([]string{"a", "bbb"}, 2)',
    ],
    "prealloc-slice/go122/range_int.go": ["{p}.Cubes(-2)", "{p}.Cubes(0)", "{p}.Cubes(3)"],
    "prealloc-slice/go122/range_int_nonnil.go": ["{p}.Ones(-2)", "{p}.Ones(0)", "{p}.Ones(2)"],
    "prealloc-slice/go122/range_int_literal.go": ["{p}.Digits()"],
    "prealloc-slice/go122/generic.go": [
        '{p}.Map([]int(nil), func(i int) string { return "" })',
        "{p}.Map([]int{1, 2}, func(i int) int { return i * 3 })",
    ],
    "prealloc-map/counter_loop.go": ["{p}.Squares(-5)", "{p}.Squares(0)", "{p}.Squares(3)"],
    "prealloc-map/range_string.go": ['{p}.Letters("")', '{p}.Letters("abca")'],
    "prealloc-map/go122/range_int.go": ["{p}.Powers(-1)", "{p}.Powers(4)"],
}

_HARNESS = """package main

import (
	"encoding/json"
	"fmt"
	"reflect"
{imports}
)

// describe shows what a caller can observe: the value, whether a slice or map is nil, and
// what encoding/json makes of it.
func describe(v any) string {{
	rv := reflect.ValueOf(v)
	isNil := (rv.Kind() == reflect.Slice || rv.Kind() == reflect.Map) && rv.IsNil()
	encoded, err := json.Marshal(v)
	return fmt.Sprintf("%v nil=%t json=%s err=%v", v, isNil, encoded, err)
}}

func main() {{
	failed := 0
	check := func(call, before, after string) {{
		if before != after {{
			failed++
			fmt.Printf("DIFF %s\\n  before: %s\\n  after:  %s\\n", call, before, after)
		}}
	}}
{checks}
	fmt.Printf("checked, %d differences\\n", failed)
}}
"""


@pytest.mark.slow
def test_rewritten_cases_behave_like_their_inputs(tmp_path: Path) -> None:
    """Nil stays nil, a negative count does not panic, values are unchanged: per call, the
    original and the golden output must print the same."""
    (tmp_path / "go.mod").write_text("module scratch\n\ngo 1.22\n")
    imports, checks = [], []
    for n, (case, calls) in enumerate(CALLS.items()):
        source = GOLDEN / case
        golden = source.with_name(source.name + ".golden")
        assert golden.exists(), f"{case} has no golden output"
        for side, path in (("before", source), ("after", golden)):
            package = tmp_path / f"c{n}" / side
            package.mkdir(parents=True)
            (package / "case.go").write_bytes(path.read_bytes())
            imports.append(f'\t{side[0]}{n} "scratch/c{n}/{side}"')
        for call in calls:
            before, after = call.replace("{p}", f"b{n}"), call.replace("{p}", f"a{n}")
            label = f"{case}: {call.replace('{p}', 'p')}".replace('"', '\\"')
            checks.append(f'\tcheck("{label}", describe({before}), describe({after}))')
    main = tmp_path / "main"
    main.mkdir()
    (main / "main.go").write_text(
        _HARNESS.format(imports="\n".join(imports), checks="\n".join(checks))
    )
    result = run_go(["run", "./main"], cwd=tmp_path, timeout=900)
    assert result.ok, result.stderr
    assert "checked, 0 differences" in result.stdout, result.stdout
