"""The store and the summary built from it, on evidence written out by hand.

Real batches are covered end to end in test_batch*.py; here the figures are chosen so each
number of the summary can be worked out on paper.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gocodemod.batch.job import JobOutcome
from gocodemod.batch.render import html_page, markdown
from gocodemod.batch.report import write_report
from gocodemod.batch.store import Store, options_key
from gocodemod.batch.summary import load_summary

VERIFIED = options_key(None, verify=True, apply=False)


def bench(name: str, before: float, after: float) -> dict[str, Any]:
    return {
        "name": name, "allocs_before": before, "allocs_after": after,
        "bytes_before": before * 16, "bytes_after": after * 16,
        "ns_before": 100.0, "ns_after": 90.0, "p_value": None,
    }


def row(function: str, verdict: str, reason: str, *benchmarks: dict[str, Any]) -> dict[str, Any]:
    return {
        "transform": "prealloc-slice", "file": "a.go", "line": 3, "function": function,
        "verdict": verdict, "reason": reason, "benchmarks": list(benchmarks),
        "diff": "--- a/a.go\n+++ b/a.go\n",
    }


def outcome(name: str, status: str, rows: list[dict[str, Any]], reason: str = "") -> JobOutcome:
    kept = sum(r["verdict"] == "kept" for r in rows)
    return JobOutcome(
        name, f"/src/{name}", status, reason=reason, seconds=1.0, rewrites=rows,
        patch=f"{name}.patch" if kept else None,
        counts={"proposed": len(rows), "kept": kept,
                "rejected": sum(r["verdict"] not in ("kept", "proposed") for r in rows)},
    )


def fill(store: Store) -> None:
    run = store.start_run("/lists/fleet.txt", {"verify": True}, 3)
    # Two kept rewrites on one benchmark: 10 allocs/op at baseline, one saves 2, the other
    # 3, so 5 after; a second benchmark covers only the first: 4 -> 2.
    store.record(run, outcome("alpha", "ok", [
        row("F", "kept", "allocs/op 10 -> 8", bench("BenchmarkX", 10, 8),
            bench("BenchmarkY", 4, 2)),
        row("G", "kept", "allocs/op 10 -> 7", bench("BenchmarkX", 10, 7)),
        row("H", "rejected", "no-alloc-change: allocs/op 10 -> 10", bench("BenchmarkX", 10, 10)),
    ]), VERIFIED)
    store.record(run, outcome("beta", "failed", [
        row("J", "error", "the package does not build without any rewrite: x.go:3: undefined"),
    ], reason="verification could not judge any rewrite"), VERIFIED)
    store.record(run, outcome("gamma", "ok", [
        row("K", "unverified", "no benchmark executes lines 3-5 of a.go"),
        row("L", "rejected", "slower: BenchmarkZ ns/op +12.0%", bench("BenchmarkZ", 3, 1)),
    ]), VERIFIED)
    store.finish_run(run, "finished")


def test_summary_figures(tmp_path: Path) -> None:
    with Store(tmp_path / "results.sqlite") as store:
        fill(store)
        summary = load_summary(store.db)
    by_name = {r.name: r for r in summary.repositories}
    assert (by_name["alpha"].allocs_before, by_name["alpha"].allocs_after) == (14, 7)
    assert by_name["gamma"].allocs_before is None  # nothing kept: nothing to chart
    assert summary.allocs_saved == 7
    assert (summary.processed, len(summary.failed), summary.proposed, summary.kept) == (3, 1, 6, 2)
    assert summary.rejected_by_reason == {
        "error": 1, "no-alloc-change": 1, "slower": 1, "unverified": 1
    }
    md = markdown(summary)
    assert "| 3 | 1 | 6 | 2 | 4 | 7 |" in md
    assert "| beta | verification could not judge any rewrite | /src/beta |" in md
    page = html_page(summary)
    assert page.count("<svg") == 1 and "alpha" in page


def test_a_rerun_replaces_a_repository_rows(tmp_path: Path) -> None:
    with Store(tmp_path / "results.sqlite") as store:
        fill(store)
        run = store.start_run("/lists/fleet.txt", {"verify": True}, 3)
        store.record(run, outcome("alpha", "ok", [row("F", "kept", "x", bench("B", 2, 1))]),
                     VERIFIED)
        counts = store.db.execute(
            "SELECT (SELECT count(*) FROM rewrites WHERE repository = 'alpha'),"
            " (SELECT count(*) FROM benchmarks b JOIN rewrites w ON w.id = b.rewrite_id"
            "  WHERE w.repository = 'alpha'),"
            " (SELECT count(*) FROM benchmarks)"
        ).fetchone()
        assert tuple(counts) == (1, 1, 1 + 1)  # alpha's new row; gamma's one benchmark stays
        assert store.is_done("alpha", "/src/alpha", VERIFIED)
        assert not store.is_done("alpha", "/src/alpha", options_key(None, False, False))
        assert not store.is_done("alpha", "/elsewhere/alpha", VERIFIED)


def test_report_writes_both_pages_and_an_empty_batch_has_no_chart(tmp_path: Path) -> None:
    with Store(tmp_path / "results.sqlite") as store:
        run = store.start_run("/lists/fleet.txt", {}, 1)
        store.record(run, outcome("solo", "ok", [row("F", "proposed", "append in a loop")]),
                     options_key(None, False, False))
    summary = write_report(tmp_path)
    assert summary.processed == 1 and not summary.verified
    page = (tmp_path / "summary.html").read_text()
    assert "<svg" not in page and "No benchmark evidence" in page
    assert "| 1 | 0 | 1 |" in (tmp_path / "summary.md").read_text()
