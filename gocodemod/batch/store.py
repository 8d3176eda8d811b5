"""The batch's state in SQLite (`--out/results.sqlite`): runs, repositories, rewrites, evidence.

Only the coordinating process writes here (jobs return their outcome to it), so there is
one writer; WAL mode lets `gocodemod report` or any sqlite client read while a batch runs.
Each repository's outcome is recorded in one transaction as it finishes: a batch killed at
any moment leaves every finished repository recorded and every other one absent, which is
what resuming relies on.

A repository counts as done for a later run when its row has the same path and the same
options (transforms, --verify, --apply): results made under other options are redone.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gocodemod.batch.evidence import rejection
from gocodemod.batch.job import JobOutcome

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id          INTEGER PRIMARY KEY,
    started     REAL NOT NULL,
    finished    REAL,
    source      TEXT NOT NULL,              -- the LIST file or DIR
    options     TEXT NOT NULL,              -- JSON: transforms, verify, apply, jobs, ...
    total       INTEGER NOT NULL,           -- repositories the source names
    status      TEXT NOT NULL               -- running | finished | interrupted
);
CREATE TABLE IF NOT EXISTS repositories (
    name        TEXT PRIMARY KEY,           -- safe and unique: names the files under --out
    path        TEXT NOT NULL,
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    options     TEXT NOT NULL,              -- the options key the result was made under
    status      TEXT NOT NULL,              -- ok | failed
    reason      TEXT NOT NULL DEFAULT '',   -- why it failed
    seconds     REAL NOT NULL,
    finished    REAL NOT NULL,
    patch       TEXT,                       -- file name under --out; NULL: nothing to change
    proposed    INTEGER NOT NULL,
    kept        INTEGER NOT NULL,
    rejected    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS rewrites (
    id          INTEGER PRIMARY KEY,
    repository  TEXT NOT NULL REFERENCES repositories(name) ON DELETE CASCADE,
    transform   TEXT NOT NULL,
    file        TEXT NOT NULL,
    line        INTEGER NOT NULL,
    function    TEXT NOT NULL,
    verdict     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    rejection   TEXT,                       -- short reason key when verified and not kept
    diff        TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS benchmarks (
    rewrite_id    INTEGER NOT NULL REFERENCES rewrites(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    allocs_before REAL NOT NULL,
    allocs_after  REAL NOT NULL,
    bytes_before  REAL NOT NULL,
    bytes_after   REAL NOT NULL,
    ns_before     REAL NOT NULL,
    ns_after      REAL NOT NULL,
    p_value       REAL
);
CREATE TABLE IF NOT EXISTS errors (
    repository  TEXT NOT NULL REFERENCES repositories(name) ON DELETE CASCADE,
    file        TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS bench_files (
    repository  TEXT NOT NULL REFERENCES repositories(name) ON DELETE CASCADE,
    file        TEXT NOT NULL               -- raw `go test -bench` output, relative to --out
);
CREATE INDEX IF NOT EXISTS rewrites_by_repository ON rewrites(repository);
CREATE INDEX IF NOT EXISTS benchmarks_by_rewrite ON benchmarks(rewrite_id);
"""


class StoreError(RuntimeError):
    pass


def options_key(transforms: list[str] | None, verify: bool, apply: bool) -> str:
    """What makes two results comparable; the order of -t options does not matter."""
    return json.dumps(
        {"transforms": sorted(set(transforms)) if transforms else None, "verify": verify,
         "apply": apply},
        sort_keys=True,
    )


class Store:
    def __init__(self, path: Path, *, create: bool = True) -> None:
        if not create and not path.is_file():
            raise StoreError(f"{path}: no batch results here")
        self.path = path
        self.db = sqlite3.connect(path, timeout=30.0)
        self.db.row_factory = sqlite3.Row
        try:
            self._open(create)
        except sqlite3.DatabaseError as exc:
            self.db.close()
            raise StoreError(f"{path}: not a gocodemod batch database ({exc})") from exc

    def _open(self, create: bool) -> None:
        self.db.execute("PRAGMA foreign_keys = ON")
        if not create:
            self.db.execute("SELECT 1 FROM repositories LIMIT 1")  # fails if not ours
        else:
            self.db.execute("PRAGMA journal_mode = WAL")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise StoreError(f"{self.path}: made by another gocodemod (schema {version})")
            with self.db:
                self.db.executescript(SCHEMA)
                self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.db:
            yield self.db

    # --- runs -------------------------------------------------------------------------

    def start_run(self, source: str, options: dict[str, Any], total: int) -> int:
        with self.transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (started, source, options, total, status)"
                " VALUES (?, ?, ?, ?, 'running')",
                (time.time(), source, json.dumps(options, sort_keys=True), total),
            )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def finish_run(self, run_id: int, status: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE runs SET finished = ?, status = ? WHERE id = ?",
                (time.time(), status, run_id),
            )

    # --- repositories -----------------------------------------------------------------

    def is_done(self, name: str, path: str, options: str) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM repositories WHERE name = ? AND path = ? AND options = ?",
            (name, path, options),
        ).fetchone()
        return row is not None

    def status(self, name: str) -> tuple[str, str] | None:
        row = self.db.execute(
            "SELECT status, reason FROM repositories WHERE name = ?", (name,)
        ).fetchone()
        return (row["status"], row["reason"]) if row else None

    def record(self, run_id: int, outcome: JobOutcome, options: str) -> None:
        """Replace whatever an earlier run recorded for this repository, all at once."""
        counts = outcome.counts
        with self.transaction() as db:
            db.execute("DELETE FROM repositories WHERE name = ?", (outcome.name,))
            db.execute(
                "INSERT INTO repositories (name, path, run_id, options, status, reason,"
                " seconds, finished, patch, proposed, kept, rejected)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    outcome.name, outcome.path, run_id, options, outcome.status,
                    outcome.reason, outcome.seconds, time.time(), outcome.patch,
                    counts.get("proposed", 0), counts.get("kept", 0), counts.get("rejected", 0),
                ),
            )
            for row in outcome.rewrites:
                cursor = db.execute(
                    "INSERT INTO rewrites (repository, transform, file, line, function,"
                    " verdict, reason, rejection, diff) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        outcome.name, row["transform"], row["file"], row["line"],
                        row["function"], row["verdict"], row["reason"], rejection(row),
                        row.get("diff", ""),
                    ),
                )
                db.executemany(
                    "INSERT INTO benchmarks (rewrite_id, name, allocs_before, allocs_after,"
                    " bytes_before, bytes_after, ns_before, ns_after, p_value)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            cursor.lastrowid, b["name"], b["allocs_before"], b["allocs_after"],
                            b["bytes_before"], b["bytes_after"], b["ns_before"], b["ns_after"],
                            b["p_value"],
                        )
                        for b in row.get("benchmarks", [])
                    ],
                )
            db.executemany(
                "INSERT INTO errors (repository, file, reason) VALUES (?, ?, ?)",
                [(outcome.name, e["file"], e["reason"]) for e in outcome.errors],
            )
            db.executemany(
                "INSERT INTO bench_files (repository, file) VALUES (?, ?)",
                [(outcome.name, f) for f in outcome.bench_files],
            )
