"""`gocodemod report OUT`: summary.md and summary.html rebuilt from results.sqlite alone."""

from __future__ import annotations

from pathlib import Path

from gocodemod.batch import outputs
from gocodemod.batch.render import html_page, markdown
from gocodemod.batch.store import Store
from gocodemod.batch.summary import Summary, load_summary


def write_report(out: Path, store: Store | None = None) -> Summary:
    """Read the database (the batch's open store, or --out's file) and write both pages.

    Raises StoreError when `out` holds no batch results.
    """
    owned = store is None
    store = store or Store(out / outputs.DATABASE, create=False)
    try:
        summary = load_summary(store.db)
    finally:
        if owned:
            store.close()
    outputs.write_atomic(out / outputs.SUMMARY_MD, markdown(summary).encode("utf-8"))
    outputs.write_atomic(out / outputs.SUMMARY_HTML, html_page(summary).encode("utf-8"))
    return summary
