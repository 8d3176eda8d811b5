"""The `gocodemod` command: a thin layer over `gocodemod.engine` (and verify, batch)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from gocodemod.diff import print_diff
from gocodemod.gotool import GoNotFound
from gocodemod.model import FileError, FileResult
from gocodemod.pipeline import RewriteRun, rewrite_diff, run_rewrite
from gocodemod.registry import UnknownTransform, catalogue
from gocodemod.report import VerifyProgress, summary_line, verdict_table
from gocodemod.report import reasons as verdict_reasons
from gocodemod.verify import VerifyOptions
from gocodemod.verify import problem as verify_problem

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Rewrite Go source to cut heap allocations, and prove each rewrite with benchmarks.",
)
# emoji=False: Rich would turn `file.go:100:3` into `file.go💯3`.
out = Console(highlight=False, emoji=False)
err = Console(stderr=True, highlight=False, emoji=False)

EXIT_OK, EXIT_CHANGES, EXIT_USAGE = 0, 1, 2

PathsArg = Annotated[
    list[Path], typer.Argument(help="Go files or directories.", show_default=False)
]
TransformOpt = Annotated[
    list[str] | None,
    typer.Option("-t", "--transform", help="Transform id (repeatable); default: the default set."),
]
ExcludeOpt = Annotated[
    list[str] | None, typer.Option("--exclude", help="Glob of paths to skip (repeatable).")
]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", help="Processes (default: every core).")
]


def report_error(error: FileError | str) -> None:
    err.print(f"gocodemod: {error}", markup=False, soft_wrap=True)


def rewrite_progress() -> tuple[Progress, Callable[[int, int], None]]:
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = progress.add_task("analysing", total=None)

    def on_analysed(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return progress, on_analysed


@app.command()
def rewrite(
    paths: PathsArg,
    apply: Annotated[bool, typer.Option("--apply", help="Write the rewrites in place.")] = False,
    verify: Annotated[
        bool, typer.Option("--verify", help="Keep only rewrites the benchmarks confirm.")
    ] = False,
    transform: TransformOpt = None,
    exclude: ExcludeOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    check: Annotated[
        bool, typer.Option("--check", help="Exit 1 if anything would change.")
    ] = False,
    jobs: JobsOpt = None,
    count: Annotated[
        int, typer.Option("--count", help="--verify: A/B benchmark rounds (at least 4).")
    ] = 6,
    benchtime: Annotated[
        str, typer.Option("--benchtime", help="--verify: -benchtime of each run (100ms, 200x).")
    ] = "100ms",
    max_slowdown: Annotated[
        float, typer.Option("--max-slowdown", help="--verify: % slower that rejects a rewrite.")
    ] = 5.0,
    bench_out: Annotated[
        Path | None,
        typer.Option("--bench-out", help="--verify: save raw benchmark output (benchstat) here."),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="--verify: seconds for one go command or run.")
    ] = 300.0,
) -> None:
    """Show (or with --apply, write) allocation-cutting rewrites as a unified diff."""
    if verify:
        options = VerifyOptions(
            count=count, benchtime=benchtime, max_slowdown=max_slowdown, timeout=timeout,
            bench_out=bench_out, jobs=jobs,
        )
        _verify_rewrite(paths, options, transform, exclude, apply, as_json, check, jobs)
        return
    progress, on_analysed = rewrite_progress()
    try:
        with progress:
            run = run_rewrite(
                paths, transform, exclude=exclude, apply=apply, jobs=jobs, on_analysed=on_analysed
            )
    except UnknownTransform as exc:
        report_error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        _print_rewrites_json(run)
    else:
        for change in run.changes:
            print_diff(change.diff(), out)
    for error in run.errors:
        report_error(error)
    count = len(run.accepted)
    if not as_json:
        action = f"wrote {len(run.written)} files" if apply else "dry run; --apply writes them"
        err.print(f"{count} rewrites in {len(run.changes)} files ({action})", markup=False)
    if run.bad_input:
        raise typer.Exit(EXIT_USAGE)
    if check and count:
        raise typer.Exit(EXIT_CHANGES)


def _verify_rewrite(
    paths: list[Path],
    options: VerifyOptions,
    transform: list[str] | None,
    exclude: list[str] | None,
    apply: bool,
    as_json: bool,
    check: bool,
    jobs: int | None,
) -> None:
    """`rewrite --verify`: evidence on stderr, the kept rewrites' diff on stdout."""
    invalid = verify_problem(options)
    if invalid:
        report_error(invalid)
        raise typer.Exit(EXIT_USAGE)
    display = VerifyProgress(err)
    try:
        with display.shown():
            run = run_rewrite(
                paths, transform, exclude=exclude, verify=options, apply=apply, jobs=jobs,
                on_analysed=display.on_analysed, on_verify_progress=display.on_progress,
            )
    except (UnknownTransform, GoNotFound) as exc:
        report_error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        report_error("interrupted: " + ("files already written are whole (atomic writes)"
                                       if apply else "no file was changed"))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if as_json:
        _print_rewrites_json(run)
    else:
        for change in run.changes:
            print_diff(change.diff(), out)
        if run.verdicts:
            err.print(verdict_table(run.verdicts))
            for line in verdict_reasons(run.verdicts):
                err.print(line, soft_wrap=True)
    for error in run.errors:
        report_error(error)
    for problem in run.report.errors if run.report else []:
        report_error(problem)
    if not as_json:
        action = f"wrote {len(run.written)} files" if apply else "dry run; --apply writes them"
        err.print(f"{summary_line(run.verdicts, len(run.changes))} ({action})", markup=False)
        if options.bench_out is not None and run.report and run.report.bench_files:
            err.print(f"raw benchmark output (benchstat format) in {options.bench_out}",
                      markup=False)
    if run.bad_input:
        raise typer.Exit(EXIT_USAGE)
    if check and run.accepted:
        raise typer.Exit(EXIT_CHANGES)


def _print_rewrites_json(run: RewriteRun) -> None:
    by_path = {r.path: r for r in run.results}
    rows = []
    for verdict in run.verdicts:
        row = verdict.to_json()
        if run.report is None:
            del row["benchmarks"]
        row["diff"] = rewrite_diff(by_path[verdict.rewrite.path], verdict.rewrite)
        rows.append(row)
    payload: dict[str, Any] = {"rewrites": rows, "errors": [_error_json(e) for e in run.errors]}
    if run.report is not None:
        # Problems of the verification itself (a benchmark that hung), one line each.
        payload["verify_errors"] = run.report.errors
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


def _error_json(error: FileError) -> dict[str, str]:
    return {"file": str(error.path), "reason": error.reason}


def analyse(
    paths: Sequence[Path], ids: list[str] | None, exclude: list[str] | None, jobs: int | None
) -> tuple[list[FileResult], list[FileError], bool]:
    """Analysis for `scan`: results, errors, and whether a command-line path was bad."""
    progress, on_analysed = rewrite_progress()
    try:
        with progress:
            run = run_rewrite(paths, ids, exclude=exclude, jobs=jobs, on_analysed=on_analysed)
    except UnknownTransform as exc:
        report_error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    return run.results, run.errors, run.bad_input


@app.command()
def scan(
    paths: PathsArg,
    transform: TransformOpt = None,
    exclude: ExcludeOpt = None,
    output_format: Annotated[
        str, typer.Option("--format", help="text or json.", case_sensitive=False)
    ] = "text",
    jobs: JobsOpt = None,
) -> None:
    """List findings, one a line: path:line:col: [id] message (refusals say why)."""
    if output_format not in ("text", "json"):
        report_error(f"--format must be text or json, not {output_format!r}")
        raise typer.Exit(EXIT_USAGE)
    results, errors, bad_input = analyse(paths, transform, exclude, jobs)
    findings: list[dict[str, Any]] = []
    for result in results:
        for rw in result.rewrites:
            findings.append(
                _finding(
                    rw.path, rw.line, rw.column, rw.transform, rw.function, "rewrite", rw.message
                )
            )
        for rf in result.refusals:
            findings.append(
                _finding(
                    rf.path,
                    rf.line,
                    rf.column,
                    rf.transform,
                    rf.function,
                    "refused",
                    f"not rewritten: {rf.reason}",
                )
            )
    findings.sort(key=lambda f: (f["file"], f["line"], f["column"]))
    if output_format == "json":
        payload = {"findings": findings, "errors": [_error_json(e) for e in errors]}
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
    else:
        for f in findings:
            out.print(
                f"{f['file']}:{f['line']}:{f['column']}: [{f['transform']}] {f['message']}",
                markup=False,
                soft_wrap=True,
            )
    for error in errors:
        report_error(error)
    if bad_input:
        raise typer.Exit(EXIT_USAGE)


def _finding(
    path: Path, line: int, column: int, transform: str, function: str, kind: str, message: str
) -> dict[str, Any]:
    return {
        "file": str(path),
        "line": line,
        "column": column,
        "transform": transform,
        "function": function,
        "kind": kind,
        "message": message,
    }


@app.command("transforms")
def list_transforms(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Print each transform's full documentation.")
    ] = False,
) -> None:
    """The catalogue: id, default or not, safety, and what each changes and refuses."""
    known = catalogue()
    if verbose:
        for t in known.values():
            out.rule(f"{t.id}  ({'on' if t.default else 'off'} by default, {t.safety.value})")
            out.print(t.doc, markup=False)
        return
    table = Table("id", "default", "safety", "what it changes", box=None)
    for t in known.values():
        # Text(), not a str: summaries hold brackets (`m[k] = v`) that Rich would read as markup.
        table.add_row(t.id, "on" if t.default else "off (-t)", t.safety.value, Text(t.summary))
    out.print(table)


EXIT_REPOSITORY_FAILED, EXIT_INTERRUPTED = 1, 130


@app.command()
def batch(
    source: Annotated[
        Path,
        typer.Argument(
            help="A file listing repository paths (one a line, # comments; relative to the"
            " file), or a folder whose child folders are the repositories.",
            show_default=False,
            metavar="LIST|DIR",
        ),
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", help="Where patches, evidence, results.sqlite and the"
                           " summary go.", show_default=False)
    ],
    verify: Annotated[
        bool, typer.Option("--verify", help="Keep only rewrites the benchmarks confirm.")
    ] = False,
    apply: Annotated[
        bool, typer.Option("--apply", help="Also write the rewrites into each repository.")
    ] = False,
    transform: TransformOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Repositories at once.", min=1)] = 1,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Wall-clock seconds for one repository.", min=1)
    ] = 1800.0,
    executor: Annotated[
        str, typer.Option("--executor", help="local (a process pool) or dask.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster)."),
    ] = None,
    rerun: Annotated[
        bool, typer.Option("--rerun", help="Redo repositories an earlier run finished.")
    ] = False,
) -> None:
    """Run the pipeline over many repositories: a patch and evidence each, one summary."""
    from gocodemod.batch.progress import BatchProgress
    from gocodemod.batch.repos import RepositoryListError
    from gocodemod.batch.runner import BatchOptions, run_batch

    if executor not in ("local", "dask") or (scheduler and executor != "dask"):
        report_error("--executor must be local or dask; --scheduler needs --executor dask")
        raise typer.Exit(EXIT_USAGE)
    if verify and not _verification_available():
        report_error("--verify is not available yet")
        raise typer.Exit(EXIT_USAGE)
    options = BatchOptions(
        transforms=transform, verify=verify, apply=apply, jobs=jobs, timeout=timeout,
        executor=executor, scheduler=scheduler, rerun=rerun,
    )
    try:
        with BatchProgress(err) as progress:
            result = run_batch(source, out_dir, options, progress.events())
    except (RepositoryListError, UnknownTransform) as exc:
        report_error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except KeyboardInterrupt:
        report_error(f"interrupted; finished repositories are recorded in {out_dir}:"
                     " run the same command again to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    summary = result.summary
    processed = len(result.outcomes)
    err.print(
        f"{processed} repositories processed, {len(result.skipped)} already done,"
        f" {len(result.failed)} failed; summary: {out_dir / 'summary.md'}",
        markup=False,
        soft_wrap=True,
    )
    if summary is not None and summary.verified:
        err.print(f"{summary.kept} rewrites kept, {summary.allocs_saved:g} allocs/op saved",
                  markup=False, soft_wrap=True)
    if result.failed:
        raise typer.Exit(EXIT_REPOSITORY_FAILED)


def _verification_available() -> bool:
    import gocodemod.verify

    return hasattr(gocodemod.verify, "verify_results")


@app.command()
def report(
    out_dir: Annotated[
        Path, typer.Argument(help="A batch's --out folder.", show_default=False)
    ],
) -> None:
    """Rebuild summary.md and summary.html from a batch's results.sqlite, and print it."""
    from gocodemod.batch.render import markdown
    from gocodemod.batch.report import write_report
    from gocodemod.batch.store import StoreError

    try:
        summary = write_report(out_dir)
    except StoreError as exc:
        report_error(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    sys.stdout.write(markdown(summary))


def main() -> None:
    app()
