"""The `gocodemod` command as a user runs it: output, exit codes, and bad input.

Rewrites come from the test-only transforms in tests/toy_transform.py (`toy-incdec` turns
`n += 1` into `n++`; `toy-off` turns `n -= 1` into `n--` and is off by default), so these
tests pin the CLI's behaviour independently of the real transforms.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gocodemod.cli import app
from gocodemod.gotool import run_go
from tests import toy_transform

SOURCE = """package p

func Count(xs []int) int {
	n := 0
	for range xs {
		n += 1
	}
	return n
}

func Down(n int) int {
	n -= 1
	return n
}

func (c *Counter) Bump() {
	c.hits += 1
	c.total += 1
}

type Counter struct{ hits, total int }
"""
REWRITTEN = SOURCE.replace("\t\tn += 1\n", "\t\tn++\n")
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    toy_transform.install(monkeypatch)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def make_module(root: Path, files: dict[str, str | bytes] | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "go.mod").write_text("module example.com/p\n\ngo 1.22\n")
    for name, content in (files if files is not None else {"p.go": SOURCE}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def invoke(*args: str | Path, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run the CLI in-process; (exit code, stdout, stderr)."""
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, [str(a) for a in args])
    finally:
        os.chdir(old)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def run_subprocess(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The real console script's code path in a child process, with the toy transforms."""
    code = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); "
        "import gocodemod.cli as cli; from tests import toy_transform; "
        "toy_transform.install(); sys.argv[0] = 'gocodemod'; cli.main()"
    )
    full_env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", code, str(REPO), *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,  # bytes: text mode would turn CRLF into LF
        check=False,
        timeout=120,
    )


def test_dry_run_prints_a_git_applyable_diff_and_writes_nothing(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    code, out, err = invoke("rewrite", ".", cwd=module)
    assert code == 0
    assert out == (
        "--- a/p.go\n+++ b/p.go\n@@ -3,7 +3,7 @@\n"
        " func Count(xs []int) int {\n \tn := 0\n \tfor range xs {\n"
        "-\t\tn += 1\n+\t\tn++\n \t}\n \treturn n\n }\n"
    )
    assert "1 rewrites in 1 files (dry run" in err
    assert (module / "p.go").read_text() == SOURCE
    patch = tmp_path / "change.patch"
    patch.write_text(out)
    subprocess.run(["git", "apply", str(patch)], cwd=module, check=True)
    assert (module / "p.go").read_text() == REWRITTEN


def test_crlf_diff_is_git_applyable(tmp_path: Path) -> None:
    crlf = SOURCE.replace("\n", "\r\n").encode()
    module = make_module(tmp_path / "m", {"p.go": crlf})
    result = run_subprocess("rewrite", ".", cwd=module)
    assert result.returncode == 0, result.stderr
    patch = tmp_path / "change.patch"
    patch.write_bytes(result.stdout)
    assert b"-\t\tn += 1\r\n+\t\tn++\r\n" in patch.read_bytes()
    subprocess.run(["git", "apply", str(patch)], cwd=module, check=True)
    assert (module / "p.go").read_bytes() == REWRITTEN.replace("\n", "\r\n").encode()


def test_piped_output_is_plain_and_forced_colour_is_coloured(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    piped = run_subprocess("rewrite", ".", cwd=module)
    assert piped.returncode == 0
    assert b"\x1b[" not in piped.stdout
    assert piped.stdout.startswith(b"--- a/p.go\n")
    coloured = run_subprocess("rewrite", ".", cwd=module, env={"FORCE_COLOR": "1"})
    assert b"\x1b[" in coloured.stdout
    no_color = run_subprocess("rewrite", ".", cwd=module, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert no_color.stdout == piped.stdout


def test_apply_writes_the_rewrite(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    code, out, err = invoke("rewrite", module, "--apply")
    assert code == 0
    assert (module / "p.go").read_text() == REWRITTEN
    assert "1 rewrites in 1 files (wrote 1 files)" in err
    # A second run has nothing left to do.
    code, out, err = invoke("rewrite", module, "--check")
    assert (code, out) == (0, "")


def test_check_exits_1_when_something_would_change(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    code, out, _ = invoke("rewrite", module, "--check")
    assert code == 1
    assert "+\t\tn++" in out
    assert (module / "p.go").read_text() == SOURCE


def test_json_shape(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m", {"p.go": SOURCE, "broken.go": "package p\nfunc {"})
    (module / "broken.go").write_text("package p\n\nfunc f() { n += 1 \n")
    code, out, _err = invoke("rewrite", module, "--json")
    assert code == 0
    payload = json.loads(out)
    assert set(payload) == {"rewrites", "errors"}
    [row] = payload["rewrites"]
    assert set(row) == {"transform", "file", "line", "function", "verdict", "reason", "diff"}
    assert row["transform"] == "toy-incdec"
    assert row["file"] == str(module / "p.go")
    assert (row["line"], row["function"], row["verdict"]) == (6, "Count", "proposed")
    assert row["reason"] == "+= 1 becomes ++"
    assert "-\t\tn += 1\n+\t\tn++\n" in row["diff"]
    [error] = payload["errors"]
    assert error["file"] == str(module / "broken.go")
    assert error["reason"].startswith("does not parse (syntax error at ")


def test_json_function_names_a_method_as_type_dot_method(tmp_path: Path) -> None:
    source = "package p\n\ntype T struct{}\n\nfunc (t *T) M(n int) int {\n\tn += 1\n\treturn n\n}\n"
    module = make_module(tmp_path / "m", {"p.go": source})
    _, out, _ = invoke("rewrite", module, "--json")
    assert [r["function"] for r in json.loads(out)["rewrites"]] == ["T.M"]


def test_scan_text_lists_rewrites_and_refusals(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    code, out, _ = invoke("scan", "p.go", cwd=module)
    assert code == 0
    assert out.splitlines() == [
        "p.go:6:3: [toy-incdec] += 1 becomes ++",
        "p.go:17:2: [toy-incdec] not rewritten: operand is not a plain variable",
        "p.go:18:2: [toy-incdec] not rewritten: operand is not a plain variable",
    ]


def test_scan_json(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    code, out, _ = invoke("scan", module / "p.go", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["errors"] == []
    kinds = [(f["line"], f["kind"], f["function"]) for f in payload["findings"]]
    assert kinds == [
        (6, "rewrite", "Count"),
        (17, "refused", "Counter.Bump"),
        (18, "refused", "Counter.Bump"),
    ]
    assert set(payload["findings"][0]) == {
        "file",
        "line",
        "column",
        "transform",
        "function",
        "kind",
        "message",
    }


def test_scan_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    code, _out, err = invoke("scan", module, "--format", "xml")
    assert code == 2
    assert "--format must be text or json" in err


def test_transforms_lists_the_catalogue() -> None:
    code, out, _ = invoke("transforms")
    assert code == 0
    rows = [line.split() for line in out.splitlines()[1:]]
    assert [r[:2] for r in rows] == [["toy-incdec", "on"], ["toy-off", "off"]]
    code, out, _ = invoke("transforms", "-v")
    assert "`x -= 1` becomes `x--` (test only)" in out


def test_transform_off_by_default_runs_when_named(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    _, default_out, _ = invoke("rewrite", module)
    assert "n--" not in default_out
    code, out, _ = invoke("rewrite", module, "-t", "toy-off")
    assert code == 0
    assert "-\tn -= 1\n+\tn--\n" in out
    assert "n++" not in out  # only the named transform runs
    _, both, _ = invoke("rewrite", module, "-t", "toy-off", "--transform", "toy-incdec")
    assert "n--" in both and "n++" in both


def test_unknown_transform_is_exit_2(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    code, out, err = invoke("rewrite", module, "-t", "no-such")
    assert code == 2
    assert out == ""
    assert "unknown transform no-such (known: toy-incdec, toy-off)" in err


def test_unknown_option_is_exit_2(tmp_path: Path) -> None:
    code, _, _ = invoke("rewrite", tmp_path, "--no-such-option")
    assert code == 2


def test_real_catalogue_lists_the_core_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real transforms, not the toys
    code, out, _ = invoke("transforms")
    assert code == 0
    for transform_id in (
        "prealloc-slice",
        "prealloc-map",
        "strings-builder",
        "value-receiver",
        "value-struct",
    ):
        assert transform_id in out


# Bad input: one line each naming the file and the reason, no traceback, the rest goes on.


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("gocodemod: ")]


def test_missing_path_is_exit_2_and_the_other_paths_still_run(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    missing = tmp_path / "nope"
    code, _out, err = invoke("rewrite", missing, module, "--apply")
    assert code == 2
    assert error_lines(err) == [f"gocodemod: {missing}: no such file or directory"]
    assert (module / "p.go").read_text() == REWRITTEN


def test_directory_with_no_go_files_is_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    (empty / "x_test.go").write_text("package p\n")
    code, _out, err = invoke("scan", empty)
    assert code == 2
    assert error_lines(err) == [f"gocodemod: {empty}: no Go files to rewrite here"]


def test_bad_files_are_reported_once_each_and_the_rest_is_processed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.go"
    outside.write_text(SOURCE)
    module = make_module(
        tmp_path / "m",
        {
            "good.go": SOURCE,
            "latin1.go": "package p\n\n// caf\xe9\nfunc f(n int) { n += 1 }\n".encode("latin-1"),
            "broken.go": "package p\n\nfunc f(n int) { n += 1 \n",
            "locked.go": SOURCE,
        },
    )
    (module / "locked.go").chmod(0o444)
    (module / "link.go").symlink_to(outside)
    broken_before = (module / "broken.go").read_bytes()
    code, _out, err = invoke("rewrite", module, "--apply")
    assert code == 0, "problems with single files are not usage errors"
    assert sorted(error_lines(err)) == [
        f"gocodemod: {module}/broken.go: does not parse (syntax error at 4:1); not rewritten",
        f"gocodemod: {module}/latin1.go: not UTF-8 (invalid byte 0xe9 on line 3); not rewritten",
        f"gocodemod: {module}/link.go: symlink points outside the tree ({outside}); skipped",
        f"gocodemod: {module}/locked.go: not written: file is read-only",
    ]
    assert (module / "good.go").read_text() == REWRITTEN
    assert (module / "locked.go").read_text() == SOURCE
    assert (module / "broken.go").read_bytes() == broken_before
    assert outside.read_text() == SOURCE
    assert "1 rewrites in 1 files" not in err  # locked.go counted as a change, not written
    assert "(wrote 1 files)" in err


def test_bad_input_errors_in_json_too(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m", {"latin1.go": b"package p\n// \xff\n"})
    code, out, _ = invoke("scan", module, "--format", "json")
    assert code == 0
    assert json.loads(out)["errors"] == [
        {
            "file": str(module / "latin1.go"),
            "reason": "not UTF-8 (invalid byte 0xff on line 2); not rewritten",
        }
    ]


def test_generated_and_test_files_are_left_alone(tmp_path: Path) -> None:
    generated = "// Code generated by hand. DO NOT EDIT.\n\n" + SOURCE
    module = make_module(
        tmp_path / "m", {"gen.go": generated, "p_test.go": SOURCE, "vendor/v/v.go": SOURCE}
    )
    (module / "ok.go").write_text(SOURCE)
    code, out, _ = invoke("rewrite", module)
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("+++")] == [
        f"+++ b/{(module / 'ok.go').as_posix()}"
    ]


def test_applied_output_still_builds(tmp_path: Path) -> None:
    module = make_module(tmp_path / "m")
    invoke("rewrite", module, "--apply")
    result = run_go(["vet", "./..."], cwd=module, timeout=300)
    assert result.ok, result.stderr
