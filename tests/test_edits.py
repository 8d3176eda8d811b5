"""Byte-range edits, rewrite selection and `engine.apply_rewrites`' safety net."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from gocodemod.edits import apply_edits, overlaps, problem, without_overlaps
from gocodemod.engine import analyse_file, apply_rewrites
from gocodemod.model import Edit, Rewrite, Safety
from gocodemod.registry import Transform
from gocodemod.source import GoFile
from tests.toy_transform import TOY


def rewrite(*edits: Edit, add: tuple[str, ...] = (), name: str = "t") -> Rewrite:
    return Rewrite(
        transform=name,
        path=Path("x.go"),
        line=1,
        column=1,
        function="f",
        message="m",
        edits=edits,
        add_imports=add,
    )


def test_replacements_and_insertions() -> None:
    source = b"0123456789"
    edits = [Edit(2, 4, b"ab"), Edit(6, 6, b"+"), Edit(8, 10, b"")]
    assert apply_edits(source, edits) == b"01ab45+67"


def test_order_given_does_not_matter_for_disjoint_edits() -> None:
    source = b"abcdef"
    edits = [Edit(4, 5, b"E"), Edit(0, 1, b"A"), Edit(2, 3, b"C")]
    assert apply_edits(source, edits) == apply_edits(source, sorted(edits)) == b"AbCdEf"


def test_offsets_are_bytes_not_characters() -> None:
    source = 'x := "héllo"'.encode()
    start = source.index(b"h")
    end = source.index(b'"', start)
    assert apply_edits(source, [Edit(start, end, b"bye")]) == b'x := "bye"'


def test_two_insertions_at_one_point_keep_the_order_given() -> None:
    assert apply_edits(b"ac", [Edit(1, 1, b"1"), Edit(1, 1, b"2")]) == b"a12c"
    assert apply_edits(b"ac", [Edit(1, 1, b"2"), Edit(1, 1, b"1")]) == b"a21c"


def test_insertion_at_the_start_of_a_replacement_goes_first() -> None:
    assert apply_edits(b"abc", [Edit(1, 2, b"B"), Edit(1, 1, b"^")]) == b"a^Bc"
    assert apply_edits(b"abc", [Edit(1, 1, b"^"), Edit(1, 2, b"B")]) == b"a^Bc"


def test_insertion_at_the_end_of_a_replacement_goes_after() -> None:
    assert apply_edits(b"abc", [Edit(2, 2, b"$"), Edit(1, 2, b"B")]) == b"aB$c"


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(b"abcdef", [Edit(0, 3, b"x"), Edit(2, 4, b"y")])
    with pytest.raises(ValueError, match="overlapping"):
        apply_edits(b"abcdef", [Edit(0, 3, b"x"), Edit(1, 1, b"y")])


def test_edit_outside_the_source_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        apply_edits(b"abc", [Edit(2, 9, b"x")])


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (Edit(0, 2, b""), Edit(2, 4, b""), False),  # touching ranges
        (Edit(0, 3, b""), Edit(2, 4, b""), True),
        (Edit(1, 1, b""), Edit(1, 1, b""), False),  # two insertions at one point
        (Edit(0, 4, b""), Edit(2, 2, b""), True),  # insertion inside a replacement
        (Edit(0, 4, b""), Edit(0, 0, b""), False),  # insertion at its start
        (Edit(0, 4, b""), Edit(4, 4, b""), False),  # insertion at its end
    ],
)
def test_overlaps(a: Edit, b: Edit, expected: bool) -> None:
    assert overlaps(a, b) is expected
    assert overlaps(b, a) is expected


def test_without_overlaps_keeps_the_first_by_position() -> None:
    first = rewrite(Edit(0, 4, b"x"))
    second = rewrite(Edit(2, 6, b"y"))
    third = rewrite(Edit(6, 8, b"z"))
    kept, dropped = without_overlaps([third, second, first])
    assert kept == [first, third]
    assert dropped == [second]


def test_problem_names_malformed_rewrites() -> None:
    assert problem(rewrite(Edit(0, 1, b"")), 10) is None
    assert "no edits" in (problem(rewrite(), 10) or "")
    assert "outside the file" in (problem(rewrite(Edit(5, 20, b"")), 10) or "")
    assert "overlap" in (problem(rewrite(Edit(0, 5, b""), Edit(3, 6, b"")), 10) or "")


GO = b"package p\n\nfunc f() {\n\tx := 1\n\t_ = x\n}\n"


def test_apply_rewrites_applies_any_subset() -> None:
    one = rewrite(Edit(GO.index(b"1"), GO.index(b"1") + 1, b"2"))
    two = rewrite(Edit(GO.index(b"_ = x"), GO.index(b"_ = x"), b"_ = x + 1\n\t"))
    both = apply_rewrites(GO, [one, two])
    assert both.applied == [one, two]
    assert both.source == b"package p\n\nfunc f() {\n\tx := 2\n\t_ = x + 1\n\t_ = x\n}\n"
    assert apply_rewrites(GO, [two]).source == (
        b"package p\n\nfunc f() {\n\tx := 1\n\t_ = x + 1\n\t_ = x\n}\n"
    )


def test_apply_rewrites_drops_a_rewrite_that_breaks_the_parse() -> None:
    good = rewrite(Edit(GO.index(b"1"), GO.index(b"1") + 1, b"2"))
    broken = rewrite(Edit(GO.index(b"_ = x"), GO.index(b"_ = x") + 5, b"_ = (x"))
    result = apply_rewrites(GO, [good, broken])
    assert result.applied == [good]
    assert [(r, reason) for r, reason in result.dropped] == [
        (broken, "rewritten code does not parse (a gocodemod bug)")
    ]
    assert result.source == GO.replace(b":= 1", b":= 2")


def test_apply_rewrites_drops_malformed_and_overlapping_rewrites() -> None:
    good = rewrite(Edit(GO.index(b"1"), GO.index(b"1") + 1, b"2"))
    # Starts where `good` starts but is wider: by position `good` comes first and wins.
    overlapping = rewrite(Edit(GO.index(b"1"), GO.index(b"1") + 3, b"3\n\t"))
    outside = rewrite(Edit(len(GO) + 1, len(GO) + 2, b""))
    result = apply_rewrites(GO, [good, overlapping, outside])
    assert result.applied == [good]
    reasons = {id(r): reason for r, reason in result.dropped}
    assert reasons[id(overlapping)] == "overlaps another rewrite"
    assert "outside the file" in reasons[id(outside)]


def test_apply_rewrites_adds_imports() -> None:
    at = GO.index(b"_ = x")
    adds = rewrite(Edit(at, at + 5, b'_ = strings.Repeat("a", x)'), add=("strings",))
    result = apply_rewrites(GO, [adds])
    assert result.source == (
        b'package p\n\nimport "strings"\n\nfunc f() {\n\tx := 1\n\t_ = strings.Repeat("a", x)\n}\n'
    )


def test_apply_rewrites_drops_a_rewrite_whose_import_would_clash() -> None:
    source = b'package p\n\nimport "example.com/strings"\n\nvar _ = strings.X\n'
    at = source.index(b"strings.X")
    clash = rewrite(Edit(at, at, b"strings.Y + "), add=("strings",))
    result = apply_rewrites(source, [clash])
    assert result.applied == []
    assert result.source == source
    assert "already names import" in result.dropped[0][1]


def test_go_file_rewrite_keeps_insertion_order() -> None:
    go_file = GoFile.from_bytes(Path("x.go"), GO)
    at = go_file.root
    zebra, apple = Edit(5, 5, b"zebra"), Edit(5, 5, b"apple")
    built = go_file.rewrite("t", at, "m", [zebra, apple])
    assert built.edits == (zebra, apple)


def test_analyse_file_reports_a_transform_that_raises() -> None:
    def explode(file: GoFile) -> Iterator[Rewrite]:
        raise RuntimeError("boom")
        yield  # a generator, as transforms are

    broken = dataclasses.replace(TOY, prefilter=None, find=explode)
    result = analyse_file(GoFile.from_bytes(Path("x.go"), GO), [broken])
    assert result.rewrites == [] and result.rewritten is None
    assert [e.reason for e in result.errors] == [
        "[toy-incdec] internal error (a gocodemod bug), file skipped by this transform: "
        "RuntimeError: boom"
    ]


def test_analyse_file_reports_an_import_that_cannot_be_placed() -> None:
    # No package clause: tree-sitter parses it, but there is nowhere to put an import.
    source = b"func f() {\n\tx := 1\n\t_ = x\n}\n"
    at = source.index(b"1")

    def needs_import(file: GoFile) -> Iterator[Rewrite]:
        yield rewrite(Edit(at, at + 1, b"2"), add=("strings",))

    transform = Transform("t", "s", "d", True, Safety.SAFE, None, needs_import)
    result = analyse_file(GoFile.from_bytes(Path("x.go"), source), [transform])
    assert result.rewritten is None
    assert len(result.errors) == 1
    assert "internal error applying rewrites" in result.errors[0].reason
    assert "no package clause" in result.errors[0].reason
