"""A repository's evidence from one pipeline run: rows, counts, and whether it failed."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from gocodemod.discovery import discover
from gocodemod.pipeline import RewriteRun, rewrite_diff
from gocodemod.verify.model import VerdictKind


def evidence_rows(run: RewriteRun, repo: Path) -> list[dict[str, Any]]:
    """`rewrite --json`'s rows, with file names relative to the repository (as in its patch)."""
    by_path = {r.path: r for r in run.results}
    rows = []
    for verdict in run.verdicts:
        row = verdict.to_json()
        row["file"] = verdict.rewrite.path.relative_to(repo).as_posix()
        if run.report is None:
            del row["benchmarks"]  # a plain run measured nothing, as `rewrite --json` says
        row["diff"] = rewrite_diff(by_path[verdict.rewrite.path], verdict.rewrite, root=repo)
        rows.append(row)
    return rows


def rejection(row: dict[str, Any]) -> str | None:
    """Why a verified rewrite was not kept, as one short key (None: kept or not verified).

    A `rejected` verdict carries its reason (`no-alloc-change`, `slower`, ...); the other
    verdicts (`does-not-build`, `breaks-tests`, `unverified`, `error`) are their own reason.
    """
    verdict = row["verdict"]
    if verdict in (VerdictKind.KEPT, VerdictKind.PROPOSED):
        return None
    if verdict == VerdictKind.REJECTED:
        reason = str(row.get("reason") or "").split(":", 1)[0].split()
        return reason[0] if reason else VerdictKind.REJECTED.value
    return str(verdict)


def tally(rows: list[dict[str, Any]], *, verified: bool) -> dict[str, int]:
    verdicts = Counter(row["verdict"] for row in rows)
    return {
        "proposed": len(rows),
        "kept": verdicts[VerdictKind.KEPT] if verified else 0,
        "rejected": sum(1 for row in rows if rejection(row)),
    }


def failure_reason(run: RewriteRun, repo: Path) -> str:
    """Why the repository as a whole failed ("" when it did not).

    A file that does not parse is that file's problem and the rest is still rewritten; the
    repository fails when it gave nothing to work on (no Go files, or none that parses) or
    when verification could judge none of its rewrites.
    """
    if run.bad_input:
        first = run.errors[0] if run.errors else None
        return first.reason if first else "no Go files"
    files = discover([repo]).files
    broken = {e.path for e in run.errors}
    if files and all(f in broken for f in files):
        first = next(e for e in run.errors if e.path in set(files))
        return f"no Go file could be analysed ({first.path.relative_to(repo)}: {first.reason})"
    verdicts = run.report.verdicts if run.report is not None else []
    if verdicts and all(v.kind is VerdictKind.ERROR for v in verdicts):
        # Verification could judge nothing: the code does not build, or its tests fail or
        # hang, without any rewrite applied.
        return f"verification could not judge any rewrite: {verdicts[0].reason}"
    return ""
