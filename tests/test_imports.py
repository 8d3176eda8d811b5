"""Import management: new imports land where gofmt and goimports put them; drops are careful.

Every expected output is written out in full, and each is also checked to be gofmt-clean
and to parse, so a wrong expectation cannot hide a layout gofmt would change.
"""

from __future__ import annotations

import pytest

from gocodemod import parsing
from gocodemod.gotool import gofmt_diff
from gocodemod.imports import default_name, fix_imports, import_clash

BODY = '\nfunc f() { fmt.Println(strings.ToUpper("x")); _ = slices.Max }\n'


def fixed(source: str, add: tuple[str, ...] = (), drop: tuple[str, ...] = ()) -> str:
    result = fix_imports(source.encode(), add=add, drop=drop)
    assert not parsing.parse(result).root_node.has_error, result.decode()
    assert not gofmt_diff(result), gofmt_diff(result)
    return result.decode()


ADD_CASES = {
    "single import becomes a sorted block": (
        'package p\n\nimport "fmt"\n',
        ("strings",),
        'package p\n\nimport (\n\t"fmt"\n\t"strings"\n)\n',
    ),
    "single import, new path sorts first": (
        'package p\n\nimport "strings"\n',
        ("fmt",),
        'package p\n\nimport (\n\t"fmt"\n\t"strings"\n)\n',
    ),
    "named single import sorts by path, not by name": (
        'package p\n\nimport z "fmt"\n',
        ("strings",),
        'package p\n\nimport (\n\tz "fmt"\n\t"strings"\n)\n',
    ),
    "into a block in sorted position": (
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n)\n',
        ("slices",),
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n\t"slices"\n\t"strings"\n)\n',
    ),
    "into a block at the end": (
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n)\n',
        ("strings",),
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n)\n',
    ),
    "into a block at the start": (
        'package p\n\nimport (\n\t"os"\n\t"strings"\n)\n',
        ("fmt",),
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n)\n',
    ),
    "two at once": (
        'package p\n\nimport "fmt"\n',
        ("strings", "slices"),
        'package p\n\nimport (\n\t"fmt"\n\t"slices"\n\t"strings"\n)\n',
    ),
    "no imports: a line after the package clause": (
        "package p\n\nfunc f() {}\n",
        ("strings",),
        'package p\n\nimport "strings"\n\nfunc f() {}\n',
    ),
    "no imports, package clause with a comment": (
        'package p // import "example.com/p"\n\nfunc f() {}\n',
        ("strings",),
        'package p // import "example.com/p"\n\nimport "strings"\n\nfunc f() {}\n',
    ),
    "no imports, two added": (
        "package p\n",
        ("strings", "slices"),
        'package p\n\nimport (\n\t"slices"\n\t"strings"\n)\n',
    ),
    "third-party group after the std group": (
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n\n\t"example.com/a"\n\t"example.com/z"\n)\n',
        ("strings",),
        'package p\n\nimport (\n\t"fmt"\n\t"os"\n\t"strings"\n\n'
        '\t"example.com/a"\n\t"example.com/z"\n)\n',
    ),
    "third-party group only: a new std group first": (
        'package p\n\nimport (\n\t"example.com/a"\n\t"example.com/z"\n)\n',
        ("strings",),
        'package p\n\nimport (\n\t"strings"\n\n\t"example.com/a"\n\t"example.com/z"\n)\n',
    ),
    "std group after the third-party group": (
        'package p\n\nimport (\n\t"example.com/a"\n\n\t"fmt"\n)\n',
        ("strings",),
        'package p\n\nimport (\n\t"example.com/a"\n\n\t"fmt"\n\t"strings"\n)\n',
    ),
    "named and blank imports kept in the block": (
        'package p\n\nimport (\n\t_ "embed"\n\tf "fmt"\n\t. "os"\n)\n',
        ("strings",),
        'package p\n\nimport (\n\t_ "embed"\n\tf "fmt"\n\t. "os"\n\t"strings"\n)\n',
    ),
    "trailing comment stays on its line": (
        'package p\n\nimport (\n\t"fmt" // printing\n)\n',
        ("strings",),
        'package p\n\nimport (\n\t"fmt" // printing\n\t"strings"\n)\n',
    ),
    "import C is left alone": (
        'package p\n\n// #include <stdio.h>\nimport "C"\n',
        ("strings",),
        'package p\n\n// #include <stdio.h>\nimport "C"\n\nimport "strings"\n',
    ),
    "import C beside a normal import": (
        'package p\n\n// #include <stdio.h>\nimport "C"\n\nimport "fmt"\n',
        ("strings",),
        'package p\n\n// #include <stdio.h>\nimport "C"\n\nimport (\n\t"fmt"\n\t"strings"\n)\n',
    ),
    "already imported: unchanged": (
        'package p\n\nimport (\n\t"fmt"\n\t"strings"\n)\n',
        ("strings",),
        'package p\n\nimport (\n\t"fmt"\n\t"strings"\n)\n',
    ),
    "versioned std path": (
        'package p\n\nimport "fmt"\n',
        ("math/rand/v2",),
        'package p\n\nimport (\n\t"fmt"\n\t"math/rand/v2"\n)\n',
    ),
}


@pytest.mark.parametrize("case", ADD_CASES, ids=list(ADD_CASES))
def test_add(case: str) -> None:
    source, add, expected = ADD_CASES[case]
    assert fixed(source, add=add) == expected


def test_add_when_only_blank_imported_adds_a_usable_import() -> None:
    # `_ "strings"` gives the file no name to call strings.Builder by.
    source = 'package p\n\nimport _ "strings"\n'
    assert fixed(source, add=("strings",)) == (
        'package p\n\nimport (\n\t"strings"\n\t_ "strings"\n)\n'
    )


def test_add_keeps_crlf() -> None:
    source = b'package p\r\n\r\nimport (\r\n\t"fmt"\r\n)\r\n'
    result = fix_imports(source, add=["strings"], newline=b"\r\n")
    assert result == b'package p\r\n\r\nimport (\r\n\t"fmt"\r\n\t"strings"\r\n)\r\n'


def test_add_to_single_import_keeps_crlf() -> None:
    result = fix_imports(b'package p\r\n\r\nimport "fmt"\r\n', add=["strings"], newline=b"\r\n")
    assert result == b'package p\r\n\r\nimport (\r\n\t"fmt"\r\n\t"strings"\r\n)\r\n'


DROP_CASES = {
    "unused fmt in a block": (
        'package p\n\nimport (\n\t"fmt"\n\t"strings"\n)\n\nvar _ = strings.ToUpper\n',
        'package p\n\nimport (\n\t"strings"\n)\n\nvar _ = strings.ToUpper\n',
    ),
    "unused single import": (
        'package p\n\nimport "fmt"\n\nfunc f() {}\n',
        "package p\n\nfunc f() {}\n",
    ),
    "still used: kept": (
        'package p\n\nimport "fmt"\n\nfunc f() { fmt.Println() }\n',
        'package p\n\nimport "fmt"\n\nfunc f() { fmt.Println() }\n',
    ),
    "used only in a type: kept": (
        'package p\n\nimport "fmt"\n\nvar s fmt.Stringer\n',
        'package p\n\nimport "fmt"\n\nvar s fmt.Stringer\n',
    ),
    "named import kept even when unused": (
        'package p\n\nimport f "fmt"\n\nfunc g() {}\n',
        'package p\n\nimport f "fmt"\n\nfunc g() {}\n',
    ),
    "versioned path used by its package name: kept": (
        'package p\n\nimport (\n\t"fmt"\n\t"math/rand/v2"\n)\n\nvar _ = rand.N(3)\n',
        'package p\n\nimport (\n\t"math/rand/v2"\n)\n\nvar _ = rand.N(3)\n',
    ),
    "only member of a group: no doubled blank line": (
        'package p\n\nimport (\n\t"os"\n\n\t"fmt"\n\n\t"example.com/x"\n)\n\n'
        "var _ = os.Args\nvar _ = x.Y\n",
        'package p\n\nimport (\n\t"os"\n\n\t"example.com/x"\n)\n\nvar _ = os.Args\nvar _ = x.Y\n',
    ),
    "only member of the first group: no blank line after the parenthesis": (
        'package p\n\nimport (\n\t"fmt"\n\n\t"example.com/x"\n)\n\nvar _ = x.Y\n',
        'package p\n\nimport (\n\t"example.com/x"\n)\n\nvar _ = x.Y\n',
    ),
    "only member of the last group: no blank line before the parenthesis": (
        'package p\n\nimport (\n\t"example.com/x"\n\n\t"fmt"\n)\n\nvar _ = x.Y\n',
        'package p\n\nimport (\n\t"example.com/x"\n)\n\nvar _ = x.Y\n',
    ),
}


@pytest.mark.parametrize("case", DROP_CASES, ids=list(DROP_CASES))
def test_drop(case: str) -> None:
    source, expected = DROP_CASES[case]
    assert fixed(source, drop=("fmt",)) == expected


def test_drop_and_add_together() -> None:
    source = 'package p\n\nimport "fmt"\n\nvar _ = strings.ToUpper\n'
    assert fixed(source, add=("strings",), drop=("fmt",)) == (
        'package p\n\nimport "strings"\n\nvar _ = strings.ToUpper\n'
    )


def test_layout_builds_on_a_whole_file_with_code() -> None:
    source = 'package p\n\nimport "fmt"\n' + BODY
    result = fixed(source, add=("strings", "slices"))
    assert result.startswith('package p\n\nimport (\n\t"fmt"\n\t"slices"\n\t"strings"\n)\n')
    assert result.endswith(BODY)


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("strings", "strings"),
        ("encoding/json", "json"),
        ("math/rand/v2", "rand"),
        ("gopkg.in/yaml.v3", "yaml"),
        ("github.com/x/go-foo", "foo"),
        ("example.com/foo-bar", "foo"),
    ],
)
def test_default_name(path: str, name: str) -> None:
    assert default_name(path) == name


def test_import_clash() -> None:
    root = parsing.parse(b'package p\n\nimport "example.com/strings"\n').root_node
    assert "already names import 'example.com/strings'" in (import_clash(root, "strings") or "")
    renamed = parsing.parse(b'package p\n\nimport s "example.com/strings"\n').root_node
    assert import_clash(renamed, "strings") is None
    present = parsing.parse(b'package p\n\nimport "strings"\n').root_node
    assert import_clash(present, "strings") is None
