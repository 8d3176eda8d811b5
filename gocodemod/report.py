"""What `rewrite --verify` shows a person: a progress bar while it works, then the evidence.

Both go to stderr so stdout stays the diff of the kept rewrites (pipe it to `git apply`).
The table has a row per rewrite and covering benchmark: allocs/op, B/op and ns/op before
-> after (ns/op with its change and the two-sided U-test p-value, as benchstat shows it),
and the verdict; below it, one line per rewrite with the verdict's reason.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from gocodemod.verify.model import BenchmarkEvidence, Verdict, VerdictKind

STAGES = ("gate", "coverage", "measure")
_STAGE_LABELS = {
    "gate": "build, vet, test",
    "coverage": "coverage",
    "measure": "benchmarks",
}
_VERDICT_STYLES = {
    VerdictKind.KEPT: "bold green",
    VerdictKind.REJECTED: "yellow",
    VerdictKind.UNVERIFIED: "dim",
    VerdictKind.DOES_NOT_BUILD: "red",
    VerdictKind.BREAKS_TESTS: "red",
    VerdictKind.ERROR: "bold red",
}


class VerifyProgress:
    """One bar per verification stage; `on_progress` is verify_results' callback."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("{task.description:>16}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.analysing = self.progress.add_task("analysing", total=None)
        self.tasks: dict[str, TaskID] = {}

    def on_analysed(self, done: int, total: int) -> None:
        self.progress.update(self.analysing, completed=done, total=total)

    def on_progress(self, stage: str, done: int, total: int) -> None:
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(_STAGE_LABELS.get(stage, stage))
        self.progress.update(self.tasks[stage], completed=done, total=total)

    @contextmanager
    def shown(self) -> Iterator[VerifyProgress]:
        with self.progress:
            yield self


def _number(value: float) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"


def _duration(ns: float) -> str:
    if math.isnan(ns):
        return "-"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g}{unit}"
    return f"{ns:.3g}ns"


def _before_after(before: float, after: float, style_drop: bool = True) -> Text:
    text = Text(f"{_number(before)} → {_number(after)}")
    if style_drop and after < before:
        text.stylize("green")
    elif after > before:
        text.stylize("yellow")
    return text


def _ns(evidence: BenchmarkEvidence) -> Text:
    before, after = evidence.ns_before, evidence.ns_after
    text = Text(f"{_duration(before)} → {_duration(after)}")
    if before and not math.isnan(before) and not math.isnan(after):
        text.append(f"\n{(after / before - 1) * 100:+.1f}%")
        if evidence.ns_p_value is not None:
            text.append(f" p={evidence.ns_p_value:.3f}")
    return text


def _rewrite_label(verdict: Verdict) -> str:
    rewrite = verdict.rewrite
    return f"{rewrite.path.name}:{rewrite.line}\n{rewrite.function or rewrite.transform}"


def _verdict_cell(verdict: Verdict) -> Text:
    return Text(verdict.kind.value, style=_VERDICT_STYLES.get(verdict.kind, ""))


def verdict_table(verdicts: list[Verdict]) -> Table:
    """A row per (rewrite, covering benchmark); rewrites without evidence get one row."""
    table = Table("rewrite", "Benchmark…", "allocs/op", "B/op", "ns/op", "verdict")
    for verdict in verdicts:
        label = _rewrite_label(verdict)
        if not verdict.benchmarks:
            table.add_row(label, "-", "-", "-", "-", _verdict_cell(verdict), end_section=True)
            continue
        last = len(verdict.benchmarks) - 1
        for index, evidence in enumerate(verdict.benchmarks):
            table.add_row(
                label if index == 0 else "",
                evidence.name.removeprefix("Benchmark") or evidence.name,
                _before_after(evidence.allocs_before, evidence.allocs_after),
                _before_after(evidence.bytes_before, evidence.bytes_after),
                _ns(evidence),
                _verdict_cell(verdict) if index == 0 else "",
                end_section=index == last,
            )
    return table


def reasons(verdicts: list[Verdict]) -> list[Text]:
    """One line per rewrite: where, verdict, and why (too long for a table cell)."""
    lines = []
    for verdict in verdicts:
        rewrite = verdict.rewrite
        line = Text(f"{rewrite.path.as_posix()}:{rewrite.line}: ")
        line.append(verdict.kind.value, style=_VERDICT_STYLES.get(verdict.kind, ""))
        line.append(f" [{rewrite.transform}] {verdict.reason}")
        lines.append(line)
    return lines


def summary_line(verdicts: list[Verdict], files: int) -> str:
    """`2 of 5 rewrites kept (1 rejected, 1 unverified, ...) in 1 file`."""
    counts = Counter(v.kind for v in verdicts)
    kept = counts.pop(VerdictKind.KEPT, 0)
    others = ", ".join(f"{n} {kind.value}" for kind, n in sorted(counts.items()))
    detail = f" ({others})" if others else ""
    noun = "file" if files == 1 else "files"
    return f"{kept} of {len(verdicts)} rewrites kept{detail} in {files} {noun}"
