"""The struct model: sizes checked against the compiler's unsafe.Sizeof, no-copy facts, methods."""

from __future__ import annotations

from pathlib import Path

import pytest

from gocodemod.gotool import run_go
from gocodemod.source import GoFile, Package
from gocodemod.structs import StructModel, model_of, package_files, size_limit

SIZED = """package main

import (
	"fmt"
	"time"
	"unsafe"
)

type id int32

type inner struct {
	a bool
	b int64
}

type (
	empty    struct{}
	basics   struct{ a, b int }
	padded   struct {
		a bool
		b int64
		c bool
	}
	packed   struct {
		a, c bool
		b    int64
	}
	refs     struct {
		s  string
		sl []int
		m  map[string]int
		p  *int
		ch chan int
		f  func()
		i  interface{}
		e  error
	}
	arrays   struct {
		a [3]int16
		b [0x4]byte
		c [2]inner
	}
	nested   struct {
		in inner
		x  id
	}
	trailing struct {
		n int32
		z struct{}
	}
	cplx     struct {
		c complex64
		d complex128
	}
	clock    struct {
		t time.Time
		d time.Duration
	}
	selfref  struct {
		next *selfref
		v    uint8
	}
	anon     struct {
		p struct{ x, y float32 }
		r rune
	}
)

func main() {
	fmt.Println("empty", unsafe.Sizeof(empty{}))
	fmt.Println("basics", unsafe.Sizeof(basics{}))
	fmt.Println("padded", unsafe.Sizeof(padded{}))
	fmt.Println("packed", unsafe.Sizeof(packed{}))
	fmt.Println("refs", unsafe.Sizeof(refs{}))
	fmt.Println("arrays", unsafe.Sizeof(arrays{}))
	fmt.Println("nested", unsafe.Sizeof(nested{}))
	fmt.Println("trailing", unsafe.Sizeof(trailing{}))
	fmt.Println("cplx", unsafe.Sizeof(cplx{}))
	fmt.Println("clock", unsafe.Sizeof(clock{}))
	fmt.Println("selfref", unsafe.Sizeof(selfref{}))
	fmt.Println("anon", unsafe.Sizeof(anon{}))
	fmt.Println("inner", unsafe.Sizeof(inner{}))
}
"""


def model(source: str, name: str = "a.go") -> StructModel:
    return StructModel([GoFile.from_bytes(Path(name), source.encode())])


def test_sizes_match_the_compiler(tmp_path: Path) -> None:
    (tmp_path / "go.mod").write_text("module sized\n\ngo 1.21\n")
    (tmp_path / "main.go").write_text(SIZED)
    result = run_go(["run", "."], cwd=tmp_path, timeout=600)
    assert result.ok, result.stderr
    expected = {
        name: int(size) for name, size in (line.split() for line in result.stdout.splitlines())
    }
    structs = model(SIZED)
    measured = {name: structs.layout(name).size for name in expected}
    assert measured == expected
    assert expected["padded"] > expected["packed"]  # the case is really about padding


@pytest.mark.parametrize(
    ("declaration", "why"),
    [
        ("type t struct{ b bytes.Buffer }", "bytes.Buffer"),
        ("type t struct{ a [n]int }", "not a literal"),
        ("type t struct{ x missing }", "missing is unknown"),
        ("type t struct{ next t }", "contains itself"),
        ("type t[K any] struct{ k K }", "generic"),
    ],
)
def test_unknown_sizes_say_why(declaration: str, why: str) -> None:
    layout = model(f'package a\n\nimport "bytes"\n\nconst n = 2\n\n{declaration}\n').layout("t")
    assert layout.size is None
    assert why in layout.why


def test_a_type_declared_twice_has_no_size() -> None:
    first = GoFile.from_bytes(Path("a_linux.go"), b"package a\n\ntype t struct{ a int }\n")
    second = GoFile.from_bytes(Path("a_windows.go"), b"package a\n\ntype t struct{ a, b int }\n")
    structs = StructModel([first, second])
    assert "t" in structs.duplicates
    assert structs.layout("t").size is None
    assert structs.struct("t") is None


NO_COPY = """package a

import (
	"sync"
	at "sync/atomic"
)

type noCopy struct{}

type plain struct{ a int }
type mu struct{ m sync.Mutex }
type rw struct{ sync.RWMutex }
type wg struct{ w [2]sync.WaitGroup }
type once struct{ o *sync.Once }
type atom struct{ n at.Int64 }
type atomptr struct{ p at.Pointer[int] }
type marker struct{ _ noCopy }
type viaArray struct{ all [3]marker }
type viaNested struct{ in struct{ x mu } }
type pool struct{ p sync.Pool }
type syncMap struct{ m sync.Map }
type cond struct{ c sync.Cond }
"""


@pytest.mark.parametrize(
    ("name", "holds"),
    [
        ("plain", None),
        ("once", None),  # a pointer to a Once is fine to copy
        ("mu", "sync.Mutex"),
        ("rw", "sync.RWMutex"),
        ("wg", "sync.WaitGroup"),
        ("atom", "atomic.Int64"),
        ("atomptr", "atomic.Pointer"),
        ("marker", "noCopy"),
        ("viaArray", "noCopy"),
        ("viaNested", "sync.Mutex"),
        ("pool", "sync.Pool"),
        ("syncMap", "sync.Map"),
        ("cond", "sync.Cond"),
    ],
)
def test_no_copy_facts(name: str, holds: str | None) -> None:
    reason = model(NO_COPY).no_copy(name)
    if holds is None:
        assert reason is None
    else:
        assert reason is not None and holds in reason


def test_a_local_type_named_like_a_sync_type_is_not_a_lock() -> None:
    structs = model("package a\n\ntype Mutex struct{ n int }\n\ntype t struct{ m Mutex }\n")
    assert structs.no_copy("t") is None


def test_methods_are_collected_from_every_file_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_text(
        "package a\n\ntype t struct{ n int }\n\nfunc (x *t) get() int { return x.n }\n"
    )
    (tmp_path / "b.go").write_text('package a\n\nfunc (t) kind() string { return "t" }\n')
    (tmp_path / "c_test.go").write_text("package a\n\nfunc (x *t) testOnly() {}\n")
    package = Package.of_directory(tmp_path)
    first = package.file(tmp_path / "a.go")
    structs = model_of(first)
    methods = {(m.name, m.pointer, m.receiver) for m in structs.methods["t"]}
    assert methods == {("get", True, "x"), ("kind", False, "")}
    assert model_of(first) is structs  # built once per package
    assert [f.path.name for f in package_files(first)] == ["a.go", "b.go"]


def test_a_file_without_package_is_its_own_package() -> None:
    alone = GoFile.from_bytes(Path("x.go"), b"package a\n\ntype t struct{ n int }\n")
    assert package_files(alone) == [alone]
    assert model_of(alone).layout("t").size == 8


def test_size_limit_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIMIT_FOR_TEST", "40")
    assert size_limit("LIMIT_FOR_TEST", 24) == 40
    monkeypatch.setenv("LIMIT_FOR_TEST", "lots")
    assert size_limit("LIMIT_FOR_TEST", 24) == 24
    monkeypatch.delenv("LIMIT_FOR_TEST")
    assert size_limit("LIMIT_FOR_TEST", 24) == 24
