"""`rewrite` as a library call: analyse, optionally verify, then diff or write.

The CLI and batch both call `run_rewrite`; neither re-implements a step of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gocodemod import engine
from gocodemod.diff import unified_diff
from gocodemod.discovery import discover
from gocodemod.model import FileError, FileResult, Rewrite
from gocodemod.registry import select
from gocodemod.source import BOM
from gocodemod.verify.model import Verdict, VerdictKind, VerifyOptions, VerifyReport
from gocodemod.writer import atomic_write


@dataclass
class FileChange:
    """The content a run would write for one file: only the accepted rewrites applied."""

    path: Path
    original: bytes
    rewritten: bytes
    rewrites: list[Rewrite]

    def diff(self, root: Path | None = None) -> str:
        name = self.path.relative_to(root) if root is not None else self.path
        return unified_diff(self.original, self.rewritten, name)


@dataclass
class RewriteRun:
    results: list[FileResult] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)
    """One per proposed rewrite: `proposed` in a plain run, the verification verdict otherwise."""
    changes: list[FileChange] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    bad_input: bool = False
    """A path given on the command line was missing or held no Go files (exit 2)."""
    written: list[Path] = field(default_factory=list)
    report: VerifyReport | None = None

    def diff(self, root: Path | None = None) -> str:
        return "".join(change.diff(root) for change in self.changes)

    @property
    def accepted(self) -> list[Rewrite]:
        return [r for c in self.changes for r in c.rewrites]


def _strip_bom(data: bytes) -> tuple[bytes, bytes]:
    return (BOM, data[len(BOM) :]) if data.startswith(BOM) else (b"", data)


def rewrite_diff(result: FileResult, rewrite: Rewrite, root: Path | None = None) -> str:
    """The diff of one rewrite applied on its own to the original file (paths relative to
    `root` when given, as `RewriteRun.diff` does)."""
    assert result.original is not None
    bom, source = _strip_bom(result.original)
    alone = engine.apply_rewrites(source, [rewrite]).source
    name = result.path.relative_to(root) if root is not None else result.path
    return unified_diff(bom + source, bom + alone, name)


def changes_for(results: Sequence[FileResult], accepted: set[str]) -> list[FileChange]:
    """Per file, the original and the text with only the rewrites whose key is accepted."""
    changes = []
    for result in results:
        chosen = [r for r in result.rewrites if r.key in accepted]
        if not chosen or result.original is None:
            continue
        bom, source = _strip_bom(result.original)
        applied = engine.apply_rewrites(source, chosen)
        if applied.applied:
            changes.append(
                FileChange(result.path, result.original, bom + applied.source, applied.applied)
            )
    return changes


def run_rewrite(
    paths: Sequence[Path],
    transform_ids: list[str] | None = None,
    *,
    exclude: list[str] | None = None,
    verify: VerifyOptions | None = None,
    apply: bool = False,
    jobs: int | None = None,
    on_analysed: Callable[[int, int], None] | None = None,
    on_verify_progress: Callable[[str, int, int], None] | None = None,
) -> RewriteRun:
    """Analyse `paths`; with `verify`, keep only proven rewrites; with `apply`, write them.

    `on_analysed(done, total)` reports files analysed; `on_verify_progress(stage, done,
    total)` is passed through to verification.
    """
    transforms = select(transform_ids)  # raises UnknownTransform before any work
    found = discover(list(paths), exclude)
    run = RewriteRun(errors=[*found.errors, *found.warnings], bad_input=bool(found.errors))
    done = 0
    total = len(found.files)

    def analysed(n: int) -> None:
        nonlocal done
        done += n
        if on_analysed:
            on_analysed(done, total)

    for result in engine.analyse_paths(
        found.files, transforms, jobs=jobs, on_package_done=analysed
    ):
        run.results.append(result)
        run.errors.extend(result.errors)
    run.results.sort(key=lambda r: str(r.path))
    proposed = [r for result in run.results for r in result.rewrites]

    if verify is None:
        run.verdicts = [Verdict(r, VerdictKind.PROPOSED, r.message) for r in proposed]
        accepted = {r.key for r in proposed}
    else:
        from gocodemod.verify import verify_results

        run.report = verify_results(run.results, verify, on_verify_progress)
        run.verdicts = run.report.verdicts
        accepted = {r.key for r in run.report.kept}
    run.changes = changes_for(run.results, accepted)

    if apply:
        for change in run.changes:
            try:
                atomic_write(change.path, change.rewritten)
                run.written.append(change.path)
            except OSError as exc:
                run.errors.append(FileError(change.path, f"not written: {exc.strerror or exc}"))
    return run
