"""`gocodemod batch` and `gocodemod report` end to end, on generated stdlib-only repositories.

The batch runs as a user runs it (the CLI in a subprocess), on repositories holding code
the transforms rewrite, plus repositories broken on purpose. Patches are checked with the
real `git apply` and the rewritten modules with the real `go` toolchain.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from gocodemod.batch.job import JobOutcome
from gocodemod.batch.runner import BatchEvents, BatchOptions, run_batch
from gocodemod.gotool import go_binary, go_env, goroot

ROOT = Path(__file__).resolve().parent.parent


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_repos", ROOT / "scripts" / "gen_repos.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = load_generator()


def gocodemod(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gocodemod", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def go(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(go_binary()), *args], cwd=cwd, env=go_env(), capture_output=True, text=True,
        timeout=600, check=False,
    )


def tree_digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def query(out: Path, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(out / "results.sqlite") as db:
        return db.execute(sql, args).fetchall()


@pytest.fixture
def fleet(tmp_path: Path) -> tuple[Path, list[Path]]:
    """3 healthy repositories (one with two Go modules), one with no Go files, one whose
    only Go file does not parse, and a listed path that does not exist."""
    repos = gen.generate(tmp_path / "repos", 3, ("no-go", "syntax"))
    gen.write_module(repos[0] / "tool", "repo0/tool", 7)  # a second module in the repository
    listing = tmp_path / "fleet.txt"
    listing.write_text(
        "# generated fleet\n"
        + "".join(f"repos/{p.name}\n" for p in repos)
        + "\nrepos/not-there   # listed, but missing\n",
        encoding="utf-8",
    )
    return listing, repos


def test_batch_writes_patches_evidence_state_and_summary(
    fleet: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    listing, repos = fleet
    healthy, (no_go, syntax) = repos[:3], repos[3:]
    before = {p: tree_digest(p) for p in repos}
    out = tmp_path / "out"

    result = gocodemod("batch", listing, "--out", out, "--jobs", "2")

    assert result.returncode == 1, result.stderr  # some repositories failed
    assert "3 failed" in result.stderr
    # A dry run writes nothing into the repositories.
    assert {p: tree_digest(p) for p in repos} == before

    rows = dict(
        (name, (status, reason)) for name, status, reason in
        query(out, "SELECT name, status, reason FROM repositories")
    )
    assert rows == {
        "repo00": ("ok", ""),
        "repo01": ("ok", ""),
        "repo02": ("ok", ""),
        "repo03-no-go": ("failed", "no Go files to rewrite here"),
        "repo04-syntax": ("failed", rows["repo04-syntax"][1]),
        "not-there": ("failed", "no such directory"),
    }
    assert "broken/broken.go: does not parse" in rows["repo04-syntax"][1]

    for repo in healthy:
        evidence = json.loads((out / f"{repo.name}.json").read_text())
        assert evidence["repository"]["status"] == "ok"
        transforms = {r["transform"] for r in evidence["rewrites"]}
        assert "strings-builder" in transforms
        files = {r["file"] for r in evidence["rewrites"]}
        assert "text/text.go" in files  # relative to the repository, like the patch
        stored = query(out, "SELECT count(*) FROM rewrites WHERE repository = ?", repo.name)
        assert stored == [(len(evidence["rewrites"]),)]
        assert (out / f"{repo.name}.patch").is_file()
    # The second module of repo00 is rewritten too.
    assert any(
        r["file"].startswith("tool/")
        for r in json.loads((out / "repo00.json").read_text())["rewrites"]
    )
    for broken in (no_go, syntax):
        assert not (out / f"{broken.name}.patch").exists()
        assert json.loads((out / f"{broken.name}.json").read_text())["repository"]["status"] == (
            "failed"
        )

    summary = (out / "summary.md").read_text()
    assert "| 6 | 3 |" in summary  # processed, failed
    assert "no Go files to rewrite here" in summary and "no such directory" in summary
    page = (out / "summary.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "repo04-syntax" in page
    # Nothing but the batch's own files lands in --out, and nothing beside it.
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{p.name}.json" for p in repos]
        + [f"{p.name}.patch" for p in healthy]
        + ["not-there.json", "results.sqlite", "summary.md", "summary.html"]
        + [p.name for p in out.iterdir() if p.name.startswith("results.sqlite-")]
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fleet.txt", "out", "repos"]


def test_patches_apply_cleanly_and_build(fleet: tuple[Path, list[Path]], tmp_path: Path) -> None:
    listing, repos = fleet
    out = tmp_path / "out"
    assert gocodemod("batch", listing, "--out", out).returncode == 1
    for repo in repos[:3]:
        copy = tmp_path / "copies" / repo.name
        shutil.copytree(repo, copy)
        gen.git_init(copy)
        patch = out / f"{repo.name}.patch"
        check = subprocess.run(
            ["git", "apply", "--check", str(patch)], cwd=copy, capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        subprocess.run(["git", "apply", str(patch)], cwd=copy, check=True)
        for module in (copy, *(d.parent for d in copy.glob("*/go.mod"))):
            vet = go(["vet", "./..."], module)
            assert vet.returncode == 0, vet.stderr
            test = go(["test", "./..."], module)
            assert test.returncode == 0, test.stdout + test.stderr
        # The patch held every rewrite: the patched repository proposes nothing more.
        again = gocodemod("rewrite", copy, "--check")
        assert again.returncode == 0, again.stdout


def test_apply_writes_the_repositories_and_the_patch_says_what_changed(
    tmp_path: Path,
) -> None:
    repos = gen.generate(tmp_path / "repos", 2, git=True)
    out = tmp_path / "out"
    result = gocodemod("batch", tmp_path / "repos", "--out", out, "--apply")
    assert result.returncode == 0, result.stderr
    for repo in repos:
        # Applied: the patch now applies in reverse, and only to the files it names.
        reverse = subprocess.run(
            ["git", "apply", "-R", "--check", str(out / f"{repo.name}.patch")],
            cwd=repo, capture_output=True, text=True,
        )
        assert reverse.returncode == 0, reverse.stderr
        changed = subprocess.run(
            ["git", "diff", "--name-only"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout.split()
        rewritten = {r["file"] for r in json.loads((out / f"{repo.name}.json").read_text())[
            "rewrites"]}
        assert set(changed) == rewritten
        assert go(["test", "./..."], repo).returncode == 0


def test_resume_skips_what_an_interrupted_batch_finished(tmp_path: Path) -> None:
    repos = gen.generate(tmp_path / "repos", 4)
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"{p}\n" for p in repos))
    out = tmp_path / "out"

    finished: list[JobOutcome] = []

    def interrupt_after_first(outcome: JobOutcome) -> None:
        finished.append(outcome)
        raise KeyboardInterrupt  # Ctrl-C while the batch runs

    with pytest.raises(KeyboardInterrupt):
        run_batch(listing, out, BatchOptions(jobs=2), BatchEvents(on_done=interrupt_after_first))

    assert query(out, "SELECT status FROM runs") == [("interrupted",)]
    recorded = query(out, "SELECT name, run_id FROM repositories")
    assert recorded == [(finished[0].name, 1)]
    # The summary is rebuilt even when interrupted, and describes what was recorded.
    assert "| 1 | 0 |" in (out / "summary.md").read_text()

    resumed = gocodemod("batch", listing, "--out", out, "--jobs", "2")
    assert resumed.returncode == 0, resumed.stderr
    assert "1 repositories already done" in resumed.stderr
    assert "3 repositories processed" in resumed.stderr
    rows = dict(query(out, "SELECT name, run_id FROM repositories"))
    assert rows == {p.name: (1 if p.name == finished[0].name else 2) for p in repos}
    assert query(out, "SELECT id, status FROM runs") == [(1, "interrupted"), (2, "finished")]

    # Done means done under the same options: a third run skips everything, --rerun redoes
    # everything, and other transforms are other results.
    assert "4 repositories already done" in gocodemod("batch", listing, "--out", out).stderr
    rerun = gocodemod("batch", listing, "--out", out, "--rerun")
    assert "4 repositories processed" in rerun.stderr
    other = gocodemod("batch", listing, "--out", out, "-t", "prealloc-slice")
    assert "4 repositories processed" in other.stderr
    assert set(query(out, "SELECT DISTINCT run_id FROM repositories")) == {(5,)}


def test_an_interrupt_kills_the_jobs_still_running(tmp_path: Path) -> None:
    """Ctrl-C after one repository: the other job (the Go standard library, minutes of
    work) is killed at once, recorded nowhere, and says so in its evidence file."""
    (small,) = gen.generate(tmp_path / "repos", 1)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{small}\n{goroot() / 'src'}\n")
    out = tmp_path / "out"

    def interrupt(_outcome: JobOutcome) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(listing, out, BatchOptions(jobs=2), BatchEvents(on_done=interrupt))
    assert query(out, "SELECT name FROM repositories") == [(small.name,)]
    evidence = json.loads((out / "src.json").read_text())["repository"]
    assert (evidence["status"], evidence["reason"]) == ("failed", "job killed by signal 9")


def test_report_is_rebuilt_from_the_database_alone(
    fleet: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    listing, _ = fleet
    out = tmp_path / "out"
    gocodemod("batch", listing, "--out", out)
    elsewhere = tmp_path / "only-the-database"
    elsewhere.mkdir()
    shutil.copy(out / "results.sqlite", elsewhere / "results.sqlite")
    # The repositories and every other output are gone: only SQLite is left to read.
    shutil.rmtree(tmp_path / "repos")

    result = gocodemod("report", elsewhere)

    assert result.returncode == 0, result.stderr
    original = (out / "summary.md").read_text()
    assert (elsewhere / "summary.md").read_text() == original
    assert result.stdout == original
    assert (elsewhere / "summary.html").read_text() == (out / "summary.html").read_text()


def test_report_without_a_database_is_a_usage_error(tmp_path: Path) -> None:
    result = gocodemod("report", tmp_path)
    assert result.returncode == 2
    assert "no batch results" in result.stderr
    (tmp_path / "results.sqlite").write_text("not a database")
    assert gocodemod("report", tmp_path).returncode == 2


def test_usage_errors_exit_2_before_any_job(tmp_path: Path) -> None:
    gen.generate(tmp_path / "repos", 1)
    out = tmp_path / "out"
    assert gocodemod("batch", tmp_path / "missing.txt", "--out", out).returncode == 2
    unknown = gocodemod("batch", tmp_path / "repos", "--out", out, "-t", "no-such-transform")
    assert unknown.returncode == 2 and "unknown transform" in unknown.stderr
    assert not (out / "results.sqlite").exists()
    assert gocodemod("batch", tmp_path / "repos", "--out", out, "--executor", "x").returncode == 2


def test_a_repository_past_its_timeout_is_killed(tmp_path: Path) -> None:
    """The Go standard library is far too big to analyse in 1 second: the job is killed
    and recorded as timed out (no duration is asserted: only that it was stopped)."""
    listing = tmp_path / "list.txt"
    listing.write_text(f"{goroot() / 'src'}\n")
    out = tmp_path / "out"
    result = run_batch(listing, out, BatchOptions(jobs=1, timeout=1))
    assert [(o.name, o.status, o.reason) for o in result.outcomes] == [
        ("src", "failed", "timed out after 1s")
    ]
    assert result.failed == [("src", "timed out after 1s")]
    assert query(out, "SELECT status, reason FROM repositories") == [
        ("failed", "timed out after 1s")
    ]
    evidence = json.loads((out / "src.json").read_text())["repository"]
    assert (evidence["status"], evidence["reason"]) == ("failed", "timed out after 1s")
    assert not (out / "src.patch").exists()


def test_dask_local_cluster_runs_the_same_jobs(
    fleet: tuple[Path, list[Path]], tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    listing, repos = fleet
    local, dask = tmp_path / "local", tmp_path / "dask"
    run_batch(listing, local, BatchOptions(jobs=2))
    result = run_batch(listing, dask, BatchOptions(jobs=2, executor="dask"))
    seen = [(o.name, o.status, o.reason) for o in result.outcomes]
    assert len(result.outcomes) == len(repos) + 1, seen
    for repo in repos[:3]:
        assert (dask / f"{repo.name}.patch").read_bytes() == (
            local / f"{repo.name}.patch"
        ).read_bytes()
    assert sorted(result.failed) == sorted(
        run_batch(listing, local, BatchOptions(jobs=2)).failed
    )
    assert query(dask, "SELECT name, status, proposed FROM repositories ORDER BY name") == (
        query(local, "SELECT name, status, proposed FROM repositories ORDER BY name")
    ), seen


def test_jobs_run_with_a_private_home_and_offline_go(tmp_path: Path) -> None:
    """The job's environment, as the job process sees it (not as we built it)."""
    from gocodemod.batch.job import JobSpec, job_environment, without_mod_mod

    assert without_mod_mod("-mod=mod -modcacherw --mod=mod -v") == "-modcacherw -v"
    spec = JobSpec(name="r", path=str(tmp_path), out=str(tmp_path), gocache=str(tmp_path / "c"))
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    env = job_environment(spec, scratch)
    probe = subprocess.run(
        [sys.executable, "-c", "import os, gocodemod; print(os.path.expanduser('~'))"],
        env=env, capture_output=True, text=True, check=True,
    )
    assert Path(probe.stdout.strip()) == scratch / "home"
    goenv = subprocess.run(
        [str(go_binary()), "env", "-json", "GOPROXY", "GOTOOLCHAIN", "GOCACHE", "GOPATH",
         "GOFLAGS"],
        env={**env, "GOFLAGS": env["GOFLAGS"]}, cwd=scratch, capture_output=True, text=True,
        check=True,
    )
    values = json.loads(goenv.stdout)
    assert values["GOPROXY"] == "off" and values["GOTOOLCHAIN"] == "local"
    assert values["GOCACHE"] == str(tmp_path / "c")
    assert Path(values["GOPATH"]).is_relative_to(scratch)
    assert "mod=mod" not in values["GOFLAGS"]
    assert os.environ.get("HOME") != env["HOME"]


def test_patch_applies_with_crlf_files_and_spaces_in_names(tmp_path: Path) -> None:
    """What a real fleet holds: Windows line endings, folders with spaces."""
    repo = tmp_path / "repos" / "odd repo"
    gen.write_module(repo, "odd", 1)
    crlf = repo / "text" / "text.go"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    spaced = repo / "more text"
    spaced.mkdir()
    shutil.copy(repo / "orders" / "orders.go", spaced / "orders.go")
    gen.git_init(repo)
    out = tmp_path / "out"
    result = gocodemod("batch", tmp_path / "repos", "--out", out)
    assert result.returncode == 0, result.stderr
    patch = out / "odd_repo.patch"
    text = patch.read_bytes()
    assert b"a/text/text.go" in text and b"a/more text/orders.go" in text
    check = subprocess.run(
        ["git", "apply", "--check", str(patch)], cwd=repo, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    subprocess.run(["git", "apply", str(patch)], cwd=repo, check=True)
    rewritten = crlf.read_bytes()
    assert b"strings.Builder" in rewritten
    assert rewritten.count(b"\n") == rewritten.count(b"\r\n")  # still CRLF throughout
    assert gocodemod("rewrite", repo, "--check").returncode == 0
