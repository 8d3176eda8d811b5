"""Generate small stdlib-only Go repositories holding code gocodemod rewrites, with benchmarks.

Used by the batch tests and scripts/bench_batch.py. Each healthy repository is one module
(or two, with `modules=2`) whose packages hold the patterns the core transforms rewrite —
a slice appended in a loop (prealloc-slice), a map filled in a loop (prealloc-map) and a
string grown by `+=` in a loop (strings-builder) — each with a test and a benchmark that
runs it, so `--verify` has something to measure. A repository can also be broken on
purpose:

- `no-go`:   no Go files at all;
- `syntax`:  its only Go file does not parse;
- `build`:   parses, but does not compile (an undefined name);
- `hang`:    builds, but its tests never finish (for timeouts under --verify).

    python scripts/gen_repos.py OUT_DIR --count 20 [--broken syntax,no-go]
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

BROKEN_KINDS = ("no-go", "syntax", "build", "hang")

_GO_MOD = "module example.com/{module}\n\ngo 1.22\n"

_ORDERS = """\
// Package orders indexes and lists orders.
package orders

// Order is one line of a customer's order.
type Order struct {{
	ID    int
	Price int
}}

// IDs{n} collects the order ids.
func IDs{n}(orders []Order) []int {{
	var ids []int
	for _, o := range orders {{
		ids = append(ids, o.ID)
	}}
	return ids
}}

// ByID{n} indexes the orders by id.
func ByID{n}(orders []Order) map[int]Order {{
	index := make(map[int]Order)
	for _, o := range orders {{
		index[o.ID] = o
	}}
	return index
}}
"""

_ORDERS_TEST = """\
package orders

import "testing"

func sample() []Order {{
	orders := make([]Order, 64)
	for i := range orders {{
		orders[i] = Order{{ID: i, Price: i * 3}}
	}}
	return orders
}}

func TestIDs{n}(t *testing.T) {{
	if got := IDs{n}(sample()); len(got) != 64 || got[63] != 63 {{
		t.Fatalf("IDs{n} = %v", got)
	}}
	if got := IDs{n}(nil); got != nil {{
		t.Fatalf("IDs{n}(nil) = %#v, want nil", got)
	}}
}}

func TestByID{n}(t *testing.T) {{
	if got := ByID{n}(sample()); len(got) != 64 || got[5].Price != 15 {{
		t.Fatalf("ByID{n} = %v", got)
	}}
}}

func BenchmarkIDs{n}(b *testing.B) {{
	orders := sample()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {{
		IDs{n}(orders)
	}}
}}

func BenchmarkByID{n}(b *testing.B) {{
	orders := sample()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {{
		ByID{n}(orders)
	}}
}}
"""

_TEXT = """\
// Package text renders lists as text.
package text

// Join{n} joins the words, each followed by a comma.
func Join{n}(words []string) string {{
	s := ""
	for _, w := range words {{
		s += w + ","
	}}
	return s
}}
"""

_TEXT_TEST = """\
package text

import (
	"strings"
	"testing"
)

func TestJoin{n}(t *testing.T) {{
	if got := Join{n}([]string{{"a", "b"}}); got != "a,b," {{
		t.Fatalf("Join{n} = %q", got)
	}}
}}

func BenchmarkJoin{n}(b *testing.B) {{
	words := strings.Fields(strings.Repeat("word ", 32))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {{
		Join{n}(words)
	}}
}}
"""

_BROKEN_SYNTAX = """\
package broken

// Join would be rewritten, but the file is cut short: it does not parse.
func Join(words []string) string {
	s := ""
	for _, w := range words {
		s += w
	}
	return s
}

func Broken( {
"""

_BROKEN_BUILD = """\
package broken

// Join appends words, but calls a function that does not exist.
func Join(words []string) string {
	s := ""
	for _, w := range words {
		s += undefinedHelper(w)
	}
	return s
}
"""

_HANG_TEST = """\
package text

import (
	"os"
	"strconv"
	"testing"
	"time"
)

// TestMain never returns: the repository's tests hang, as a deadlocked suite would. Each
// run adds its pid to hang.pid so a test can check every one of them was killed.
func TestMain(m *testing.M) {
	if f, err := os.OpenFile("hang.pid", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		_, _ = f.WriteString(strconv.Itoa(os.Getpid()) + "\\n")
		_ = f.Close()
	}
	time.Sleep(time.Hour)
	os.Exit(m.Run())
}
"""


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_module(root: Path, module: str, n: int) -> None:
    """One healthy module: `orders` (slice and map) and `text` (string) packages."""
    _write(root / "go.mod", _GO_MOD.format(module=module))
    _write(root / "orders" / "orders.go", _ORDERS.format(n=n))
    _write(root / "orders" / "orders_test.go", _ORDERS_TEST.format(n=n))
    _write(root / "text" / "text.go", _TEXT.format(n=n))
    _write(root / "text" / "text_test.go", _TEXT_TEST.format(n=n))


def write_repository(root: Path, n: int, *, broken: str | None = None, modules: int = 1) -> Path:
    """Repository number `n` at `root` (created); `broken` is one of BROKEN_KINDS."""
    root.mkdir(parents=True, exist_ok=True)
    module = f"repo{n}"
    if broken == "no-go":
        _write(root / "README.md", "This repository holds no Go code.\n")
        return root
    if broken == "syntax":
        _write(root / "go.mod", _GO_MOD.format(module=module))
        _write(root / "broken" / "broken.go", _BROKEN_SYNTAX)
        return root
    if broken == "build":
        _write(root / "go.mod", _GO_MOD.format(module=module))
        _write(root / "broken" / "broken.go", _BROKEN_BUILD)
        return root
    write_module(root, module, n)
    if broken == "hang":
        _write(root / "text" / "main_test.go", _HANG_TEST)
    elif broken is not None:
        raise ValueError(f"unknown broken kind {broken!r} (known: {', '.join(BROKEN_KINDS)})")
    for extra in range(1, modules):
        # A second module in a subfolder: a repository may hold several Go modules.
        write_module(root / f"tool{extra}", f"{module}/tool{extra}", n * 100 + extra)
    return root


def git_init(root: Path) -> None:
    """Make `root` a git repository with everything committed (for `git apply --check`)."""
    env_args = ["-c", "user.name=gen", "-c", "user.email=gen@example.com"]
    for args in (["init", "-q"], ["add", "-A"], [*env_args, "commit", "-q", "-m", "initial"]):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def generate(
    out: Path, count: int, broken: tuple[str, ...] = (), *, modules: int = 1, git: bool = False
) -> list[Path]:
    """`count` healthy repositories plus one per `broken` kind, as out/repoNN."""
    paths = []
    kinds: list[str | None] = [None] * count + list(broken)
    for n, kind in enumerate(kinds):
        name = f"repo{n:02d}" + (f"-{kind}" if kind else "")
        path = write_repository(out / name, n, broken=kind, modules=modules)
        if git:
            git_init(path)
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--broken", default="", help=f"comma-separated: {', '.join(BROKEN_KINDS)}")
    parser.add_argument("--modules", type=int, default=1)
    parser.add_argument("--git", action="store_true", help="git init and commit each one")
    args = parser.parse_args()
    broken = tuple(k for k in args.broken.split(",") if k)
    for path in generate(args.out, args.count, broken, modules=args.modules, git=args.git):
        print(path)


if __name__ == "__main__":
    main()
