"""The batch's terminal display: one Rich progress line per running repository.

Above an overall bar, each running repository has its own line (spinner, name, the stage
its job last reported, elapsed time); when it finishes the line is replaced by a permanent
one saying what happened. Off a terminal (CI logs, pipes) only the permanent lines are
printed, one per repository.
"""

from __future__ import annotations

import threading
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from gocodemod.batch.job import JobOutcome, JobSpec
from gocodemod.batch.repos import Repository
from gocodemod.batch.runner import BatchEvents


def outcome_line(outcome: JobOutcome) -> str:
    if outcome.failed:
        return f"✗ {outcome.name}: failed: {outcome.reason}"
    counts = outcome.counts
    what = f"{counts.get('proposed', 0)} rewrites"
    if counts.get("kept") or counts.get("rejected"):
        what += f", {counts.get('kept', 0)} kept, {counts.get('rejected', 0)} rejected"
    patch = f" -> {outcome.patch}" if outcome.patch else ""
    return f"✓ {outcome.name}: {what}{patch} ({outcome.seconds:.1f}s)"


class BatchProgress:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.overall = self.progress.add_task("repositories", total=None)
        self.running: dict[str, TaskID] = {}
        self.lock = threading.Lock()  # on_start comes from the executor's threads

    def __enter__(self) -> BatchProgress:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.progress.__exit__(kind, value, traceback)

    def events(self) -> BatchEvents:
        return BatchEvents(
            on_plan=self.plan, on_start=self.start, on_done=self.done, on_progress=self.stage
        )

    def plan(self, todo: list[Repository], skipped: list[Repository]) -> None:
        self.progress.update(self.overall, total=len(todo))
        if skipped:
            self.console.print(
                f"{len(skipped)} repositories already done (--rerun redoes them)", markup=False
            )

    def start(self, spec: JobSpec) -> None:
        with self.lock:
            self.running[spec.name] = self.progress.add_task(spec.name, total=None)

    def stage(self, name: str, stage: str, done: int, total: int) -> None:
        with self.lock:
            task = self.running.get(name)
            if task is not None:
                # The count goes in the text: a repository's task never completes before
                # its job ends, so its spinner and clock keep going between stages.
                self.progress.update(task, description=f"{name}: {stage} {done}/{total}")

    def done(self, outcome: JobOutcome) -> None:
        with self.lock:
            task = self.running.pop(outcome.name, None)
            if task is not None:
                self.progress.remove_task(task)
        self.progress.advance(self.overall)
        style = "red" if outcome.failed else "green"
        self.console.print(outcome_line(outcome), style=style, markup=False, highlight=False,
                           soft_wrap=True)
