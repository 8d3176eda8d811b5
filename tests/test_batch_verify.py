"""`gocodemod batch --verify` end to end: real builds, tests and benchmarks per repository.

Healthy generated repositories have rewrites their benchmarks prove; one repository does
not build and one has tests that never finish. The patches must hold only kept rewrites,
the evidence and the raw benchmark output must be there, and the broken repositories must
be recorded as failed with the batch going on.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from tests.test_batch import gen, gocodemod, query


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too (only its exit status is left); /proc tells them apart.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(")")[-1].split()[0] == "Z")


Verified = tuple[list[Path], Path, "subprocess.CompletedProcess[str]"]


def test_verified_batch(tmp_path: Path) -> None:
    """One verified batch (it is the expensive part), checked from every side below."""
    repos = gen.generate(tmp_path / "repos", 2, ("build",))
    out = tmp_path / "out"
    result = gocodemod("batch", tmp_path / "repos", "--out", out, "--verify", "--jobs", "2")
    verified: Verified = (repos, out, result)
    check_failed_repository(verified)
    check_patches_hold_only_kept_rewrites(verified, tmp_path / "copies")
    check_raw_benchmarks_and_evidence(verified)
    check_summary(verified)


def check_failed_repository(verified: Verified) -> None:
    """A repository that does not build fails; the batch goes on with the others."""
    _, out, result = verified
    assert result.returncode == 1, result.stderr
    status = dict(
        (name, (s, reason)) for name, s, reason in
        query(out, "SELECT name, status, reason FROM repositories")
    )
    assert status["repo00"] == ("ok", "") and status["repo01"] == ("ok", "")
    assert status["repo02-build"][0] == "failed"
    assert "does not build" in status["repo02-build"][1]
    assert "undefinedHelper" in status["repo02-build"][1]


def test_hung_tests_are_killed_with_everything_they_started(tmp_path: Path) -> None:
    """Verification starts test binaries in sessions of their own; the job's timeout must
    still kill them (a hung binary must not outlive its batch)."""
    (repo,) = gen.generate(tmp_path / "repos", 0, ("hang",))
    out = tmp_path / "out"
    result = gocodemod("batch", tmp_path / "repos", "--out", out, "--verify", "--timeout", "30")
    assert result.returncode == 1
    ((status, reason),) = query(out, "SELECT status, reason FROM repositories")
    assert status == "failed"
    assert "timed out" in reason or "did not finish" in reason
    pid_file = repo / "text" / "hang.pid"
    pids = [int(line) for line in pid_file.read_text().split()]
    assert pids  # the hanging TestMain did run
    assert [pid for pid in pids if pid_alive(pid)] == []


def check_patches_hold_only_kept_rewrites(verified: Verified, copies: Path) -> None:
    repos, out, _ = verified
    for repo in repos[:2]:
        evidence = json.loads((out / f"{repo.name}.json").read_text())
        rows = evidence["rewrites"]
        kept = [r for r in rows if r["verdict"] == "kept"]
        assert kept, rows
        for row in kept:
            assert row["benchmarks"], row
            assert any(b["allocs_after"] < b["allocs_before"] for b in row["benchmarks"]), row
        copy = copies / repo.name
        shutil.copytree(repo, copy)
        gen.git_init(copy)
        patch = out / f"{repo.name}.patch"
        subprocess.run(["git", "apply", "--check", str(patch)], cwd=copy, check=True)
        subprocess.run(["git", "apply", str(patch)], cwd=copy, check=True)
        # What is left to propose on the patched copy is exactly what was not kept.
        again = json.loads(gocodemod("rewrite", copy, "--json").stdout)["rewrites"]
        assert sorted((r["transform"], r["function"]) for r in again) == sorted(
            (r["transform"], r["function"]) for r in rows if r["verdict"] != "kept"
        )


def check_raw_benchmarks_and_evidence(verified: Verified) -> None:
    _, out, _ = verified
    files = [Path(f) for (f,) in query(out, "SELECT file FROM bench_files WHERE repository = ?",
                                       "repo00")]
    assert files and all(f.parts[0] == "repo00.bench" for f in files)
    for file in files:
        text = (out / file).read_text()
        assert "allocs/op" in text and any(line.startswith("Benchmark") for line in
                                           text.splitlines())
    stored = query(
        out,
        "SELECT count(*) FROM benchmarks b JOIN rewrites w ON w.id = b.rewrite_id"
        " WHERE w.repository = 'repo00'",
    )
    rows = json.loads((out / "repo00.json").read_text())["rewrites"]
    assert stored == [(sum(len(r["benchmarks"]) for r in rows),)]
    assert (out / ".bench-locks").is_dir()


def overview_row(summary_md: str) -> dict[str, str]:
    """The first table of summary.md as {column: value}."""
    lines = [line for line in summary_md.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    values = [c.strip() for c in lines[2].strip("|").split("|")]
    return dict(zip(header, values, strict=True))


def check_summary(verified: Verified) -> None:
    _, out, result = verified
    rows = [
        r
        for name in ("repo00", "repo01")
        for r in json.loads((out / f"{name}.json").read_text())["rewrites"]
    ]
    kept = sum(r["verdict"] == "kept" for r in rows)
    summary = (out / "summary.md").read_text()
    overview = overview_row(summary)
    assert overview["repositories processed"] == "3" and overview["failed"] == "1"
    assert overview["rewrites proposed"] == str(len(rows) + 1)  # + the one that cannot build
    assert overview["kept"] == str(kept)
    assert float(overview["allocs/op saved"].replace(",", "")) > 0
    assert f"{kept} rewrites kept" in result.stderr
    page = (out / "summary.html").read_text()
    assert "<svg" in page and "allocs/op before and after" in page
    # The report rebuilt from the database alone says the same.
    assert gocodemod("report", out).stdout == summary
