"""summary.md and summary.html from a `Summary`: the same tables, plus a chart in the HTML.

The chart (allocs/op before and after, per repository) is drawn by matplotlib's object API
(`Figure`, no pyplot global state, so it is safe in any thread) and embedded as inline SVG:
the HTML page is one self-contained file.
"""

from __future__ import annotations

import html
import io
import time
from collections.abc import Sequence

from gocodemod.batch.summary import RepositoryLine, Summary

Table = tuple[Sequence[str], Sequence[Sequence[str]]]


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _when(timestamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp)) if timestamp else "-"


def overview(summary: Summary) -> Table:
    header = ["repositories processed", "failed", "rewrites proposed"]
    row = [str(summary.processed), str(len(summary.failed)), str(summary.proposed)]
    if summary.verified:
        header += ["kept", "rejected", "allocs/op saved"]
        row += [str(summary.kept), str(summary.rejected), _number(summary.allocs_saved)]
    return header, [row]


def failures(summary: Summary) -> Table:
    return ["repository", "why", "path"], [[r.name, r.reason, r.path] for r in summary.failed]


def rejections(summary: Summary) -> Table:
    return ["reason", "rewrites"], [[k, str(v)] for k, v in summary.rejected_by_reason.items()]


def per_repository(summary: Summary) -> Table:
    header = ["repository", "status", "proposed"]
    if summary.verified:
        header += ["kept", "rejected", "allocs/op before", "allocs/op after"]
    header += ["file errors", "patch"]
    rows = []
    for r in summary.repositories:
        row = [r.name, r.status, str(r.proposed)]
        if summary.verified:
            row += [str(r.kept), str(r.rejected), _number(r.allocs_before),
                    _number(r.allocs_after)]
        row += [str(r.errors), r.patch or "-"]
        rows.append(row)
    return header, rows


def run_line(summary: Summary) -> str:
    run = summary.last_run
    if run is None:
        return "No batch has run here yet."
    opts = run.options
    flags = [f"-t {t}" for t in opts.get("transforms") or []] or ["default transforms"]
    flags += [f for f in ("--verify", "--apply") if opts.get(f.lstrip("-"))]
    return (
        f"Last run #{run.id} ({run.status}) over {run.source}: {run.total} repositories listed,"
        f" {', '.join(flags)}; started {_when(run.started)}, ended {_when(run.finished)}."
    )


# --- Markdown ----------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(table: Table) -> str:
    header, rows = table
    lines = [
        "| " + " | ".join(map(_md_cell, header)) + " |",
        "|" + "---|" * len(header),
    ]
    lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def markdown(summary: Summary) -> str:
    parts = ["# gocodemod batch summary\n", run_line(summary) + "\n", _md_table(overview(summary))]
    if summary.failed:
        parts += ["## Failed repositories\n", _md_table(failures(summary))]
    if summary.rejected_by_reason:
        parts += ["## Rejected rewrites by reason\n", _md_table(rejections(summary))]
    parts += ["## Repositories\n", _md_table(per_repository(summary))]
    return "\n".join(parts)


# --- HTML --------------------------------------------------------------------------------


def _html_table(table: Table) -> str:
    header, rows = table
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def allocs_chart(repositories: Sequence[RepositoryLine]) -> str | None:
    """Inline SVG: allocs/op before and after per repository (None: nothing measured)."""
    measured = [r for r in repositories if r.allocs_before is not None]
    if not measured:
        return None
    from matplotlib.figure import Figure

    names = [r.name for r in measured]
    before = [r.allocs_before or 0.0 for r in measured]
    after = [r.allocs_after or 0.0 for r in measured]
    positions = list(range(len(measured)))
    height = 0.38
    figure = Figure(figsize=(8, 1.2 + 0.45 * len(measured)), layout="constrained")
    axes = figure.add_subplot()
    axes.barh([p - height / 2 for p in positions], before, height, label="before", color="#c0504d")
    axes.barh([p + height / 2 for p in positions], after, height, label="after", color="#4f81bd")
    axes.set_yticks(positions, names)
    axes.invert_yaxis()  # first repository on top, as in the tables
    axes.set_xlabel("allocs/op (sum over benchmarks covering kept rewrites)")
    axes.set_title("allocs/op before and after, per repository")
    axes.legend(loc="lower right")
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]  # drop the XML prologue: the SVG sits inside HTML


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }
th { background: #f3f3f3; }
.chart svg { max-width: 100%; height: auto; }
"""


def html_page(summary: Summary) -> str:
    sections = [
        "<h1>gocodemod batch summary</h1>",
        f"<p>{html.escape(run_line(summary))}</p>",
        _html_table(overview(summary)),
    ]
    chart = allocs_chart(summary.repositories)
    sections.append("<h2>allocs/op before and after</h2>")
    if chart is not None:
        sections.append(f'<div class="chart">{chart}</div>')
    else:
        sections.append(
            "<p>No benchmark evidence: no rewrite was kept by <code>--verify</code>"
            " (or the batch ran without it).</p>"
        )
    if summary.failed:
        sections += ["<h2>Failed repositories</h2>", _html_table(failures(summary))]
    if summary.rejected_by_reason:
        sections += ["<h2>Rejected rewrites by reason</h2>", _html_table(rejections(summary))]
    sections += ["<h2>Repositories</h2>", _html_table(per_repository(summary))]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>gocodemod batch summary</title><style>{_STYLE}</style></head>"
        f"<body>{''.join(sections)}</body></html>\n"
    )
