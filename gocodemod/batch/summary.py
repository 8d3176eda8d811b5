"""The batch's summary facts, read from SQLite alone (so `gocodemod report` can rebuild them).

allocs/op per repository: for every benchmark that covers a kept rewrite, "before" is its
baseline allocs/op and "after" subtracts what each kept rewrite saved on it (rewrites at
different sites cut different allocations, so their savings add up); the repository's
figures are the sums over those benchmarks.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class RepositoryLine:
    name: str
    path: str
    status: str
    reason: str
    proposed: int
    kept: int
    rejected: int
    patch: str | None
    errors: int
    allocs_before: float | None
    allocs_after: float | None
    verified: bool

    @property
    def allocs_saved(self) -> float:
        if self.allocs_before is None or self.allocs_after is None:
            return 0.0
        return self.allocs_before - self.allocs_after


@dataclass(frozen=True)
class LastRun:
    id: int
    source: str
    status: str
    started: float
    finished: float | None
    total: int
    options: dict[str, Any]


@dataclass
class Summary:
    repositories: list[RepositoryLine] = field(default_factory=list)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    last_run: LastRun | None = None

    @property
    def processed(self) -> int:
        return len(self.repositories)

    @property
    def failed(self) -> list[RepositoryLine]:
        return [r for r in self.repositories if r.status == "failed"]

    @property
    def proposed(self) -> int:
        return sum(r.proposed for r in self.repositories)

    @property
    def kept(self) -> int:
        return sum(r.kept for r in self.repositories)

    @property
    def rejected(self) -> int:
        return sum(r.rejected for r in self.repositories)

    @property
    def verified(self) -> bool:
        return any(r.verified for r in self.repositories)

    @property
    def allocs_saved(self) -> float:
        return sum(r.allocs_saved for r in self.repositories)


def _allocs(db: sqlite3.Connection) -> dict[str, tuple[float, float]]:
    """(before, after) allocs/op per repository, over benchmarks covering kept rewrites."""
    rows = db.execute(
        "SELECT w.repository, b.name, b.allocs_before, b.allocs_after"
        " FROM benchmarks b JOIN rewrites w ON w.id = b.rewrite_id WHERE w.verdict = 'kept'"
    ).fetchall()
    baseline: dict[tuple[str, str], float] = {}
    saved: dict[tuple[str, str], float] = defaultdict(float)
    for repository, bench, before, after in rows:
        key = (repository, bench)
        baseline[key] = max(baseline.get(key, 0.0), before)
        saved[key] += max(before - after, 0.0)
    totals: dict[str, tuple[float, float]] = {}
    for (repository, _bench), before in baseline.items():
        after = max(before - saved[(repository, _bench)], 0.0)
        old_before, old_after = totals.get(repository, (0.0, 0.0))
        totals[repository] = (old_before + before, old_after + after)
    return totals


def load_summary(db: sqlite3.Connection) -> Summary:
    summary = Summary()
    allocs = _allocs(db)
    errors = dict(
        db.execute("SELECT repository, count(*) FROM errors GROUP BY repository").fetchall()
    )
    for row in db.execute(
        "SELECT name, path, status, reason, proposed, kept, rejected, patch, options"
        " FROM repositories ORDER BY name"
    ):
        name = row[0]
        before, after = allocs.get(name, (None, None))
        summary.repositories.append(
            RepositoryLine(
                name=name, path=row[1], status=row[2], reason=row[3], proposed=row[4],
                kept=row[5], rejected=row[6], patch=row[7], errors=errors.get(name, 0),
                allocs_before=before, allocs_after=after,
                verified=bool(json.loads(row[8]).get("verify")),
            )
        )
    summary.rejected_by_reason = dict(
        db.execute(
            "SELECT rejection, count(*) FROM rewrites WHERE rejection IS NOT NULL"
            " GROUP BY rejection ORDER BY count(*) DESC, rejection"
        ).fetchall()
    )
    run = db.execute(
        "SELECT id, source, status, started, finished, total, options FROM runs"
        " ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if run is not None:
        summary.last_run = LastRun(
            id=run[0], source=run[1], status=run[2], started=run[3], finished=run[4],
            total=run[5], options=json.loads(run[6]),
        )
    return summary
