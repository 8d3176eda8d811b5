"""The library API the CLI is a thin layer over: analyse files, apply rewrites.

Work is split by directory (a Go package), so transforms that need package-wide facts parse
the siblings once, and packages spread across every core.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from gocodemod import parsing
from gocodemod.discovery import is_generated
from gocodemod.edits import apply_edits, problem, without_overlaps
from gocodemod.imports import fix_imports, import_clash
from gocodemod.model import FileError, FileResult, Refusal, Rewrite
from gocodemod.registry import Transform, select
from gocodemod.source import BOM, GoFile, Package

# Below this much source, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 2_000_000


@dataclass
class Applied:
    """The outcome of applying a set of rewrites to one file's source (BOM excluded)."""

    source: bytes
    applied: list[Rewrite] = field(default_factory=list)
    dropped: list[tuple[Rewrite, str]] = field(default_factory=list)


def _apply_all(source: bytes, rewrites: Sequence[Rewrite], newline: bytes) -> bytes:
    result = apply_edits(source, [e for r in rewrites for e in r.edits])
    add = {i for r in rewrites for i in r.add_imports}
    drop = {i for r in rewrites for i in r.drop_imports}
    if add or drop:
        result = fix_imports(result, add=add, drop=drop, newline=newline)
    return result


def apply_rewrites(
    source: bytes, rewrites: Sequence[Rewrite], *, original_has_error: bool | None = None
) -> Applied:
    """Apply any subset of one file's rewrites; never returns text that fails to parse.

    A rewrite whose result has a tree-sitter error the original lacked is a transform bug:
    it is dropped with that reason instead of being written. So is a rewrite whose edits
    are malformed (overlapping each other, outside the file) or whose new import would
    clash with a name the file already imports. `original_has_error` saves parsing the
    original again when the caller already knows.
    """
    newline = b"\r\n" if b"\r\n" in source else b"\n"
    dropped: list[tuple[Rewrite, str]] = []
    valid = []
    for rewrite in rewrites:
        reason = problem(rewrite, len(source)) or _import_problem(source, rewrite)
        if reason:
            dropped.append((rewrite, reason))
        else:
            valid.append(rewrite)
    kept, overlapping = without_overlaps(valid)
    dropped.extend((r, "overlaps another rewrite") for r in overlapping)
    if not kept:
        return Applied(source, [], dropped)
    had_error = (
        parsing.parse(source).root_node.has_error
        if original_has_error is None
        else original_has_error
    )
    result = _apply_all(source, kept, newline)
    if had_error or not parsing.parse(result).root_node.has_error:
        return Applied(result, kept, dropped)
    good = []
    for rewrite in kept:
        alone = _apply_all(source, [rewrite], newline)
        if parsing.parse(alone).root_node.has_error:
            dropped.append((rewrite, "rewritten code does not parse (a gocodemod bug)"))
        else:
            good.append(rewrite)
    result = _apply_all(source, good, newline)
    if good and parsing.parse(result).root_node.has_error:
        dropped.extend((r, "rewrites do not parse together") for r in good)
        return Applied(source, [], dropped)
    return Applied(result, good, dropped)


def _import_problem(source: bytes, rewrite: Rewrite) -> str | None:
    if not rewrite.add_imports:
        return None
    root = parsing.parse(source).root_node
    for path in rewrite.add_imports:
        clash = import_clash(root, path)
        if clash:
            return clash
    return None


def analyse_file(
    go_file: GoFile, transforms: Sequence[Transform], *, prefiltered: bool = False
) -> FileResult:
    """Run `transforms` over one parsed file; rewrites are applied to `rewritten`.

    `prefiltered`: the caller already kept only the transforms whose PREFILTER matches.
    """
    result = FileResult(path=go_file.path)
    candidates: list[Rewrite] = []
    for transform in transforms:
        if not prefiltered and not transform.applies_to(go_file.source):
            continue
        found: list[Rewrite | Refusal] = []
        try:
            found.extend(transform.find(go_file))
        except Exception as exc:  # a transform bug must not end the whole run
            result.errors.append(
                FileError(
                    go_file.path,
                    f"[{transform.id}] internal error (a gocodemod bug), file skipped by this "
                    f"transform: {type(exc).__name__}: {exc}",
                )
            )
            continue
        for item in found:
            if isinstance(item, Refusal):
                result.refusals.append(item)
            else:
                candidates.append(item)
    if not candidates:
        return result
    try:
        applied = apply_rewrites(
            go_file.source, candidates, original_has_error=go_file.root.has_error
        )
    except Exception as exc:  # e.g. an import a rewrite asks for cannot be placed
        result.errors.append(
            FileError(
                go_file.path,
                f"internal error applying rewrites (a gocodemod bug), file not rewritten: "
                f"{type(exc).__name__}: {exc}",
            )
        )
        return result
    result.rewrites = applied.applied
    for rewrite, reason in applied.dropped:
        result.errors.append(
            FileError(go_file.path, f"line {rewrite.line}: [{rewrite.transform}] dropped: {reason}")
        )
    if applied.applied:
        prefix = BOM if go_file.bom else b""
        result.original = prefix + go_file.source
        result.rewritten = prefix + applied.source
    return result


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def load_file(
    path: Path, package: Package | None = None, data: bytes | None = None
) -> GoFile | FileError | None:
    """Read and parse one file; None for a generated file, FileError for bad input."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return FileError(path, f"cannot read: {exc.strerror or exc}")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        reason = f"not UTF-8 (invalid byte 0x{data[exc.start]:02x} on line {line})"
        return FileError(path, f"{reason}; not rewritten")
    if is_generated(data):
        return None
    go_file = package.file(path, data) if package else GoFile.from_bytes(path, data)
    error = parsing.first_error(go_file.root)
    if error is not None:
        row, col = error.start_point
        where = f"{row + 1}:{col + 1}"
        return FileError(path, f"does not parse (syntax error at {where}); not rewritten")
    return go_file


def analyse_package(paths: Sequence[Path], transform_ids: Sequence[str]) -> list[FileResult]:
    """Analyse files of one directory together (a process-pool task)."""
    transforms = select(list(transform_ids))
    package = Package.of_directory(paths[0].parent)
    listed = set(package.paths)
    package.paths.extend(p for p in paths if p not in listed)
    results = []
    for path in paths:
        loaded: GoFile | FileError | None
        try:
            data = path.read_bytes()
        except OSError as exc:
            error = FileError(path, f"cannot read: {exc.strerror or exc}")
            results.append(FileResult(path, errors=[error]))
            continue
        if not is_utf8(data):
            # Checked before the prefilter: bad input is reported whatever the transforms.
            loaded = load_file(path, package, data)
            assert isinstance(loaded, FileError)
            results.append(FileResult(path, errors=[loaded]))
            continue
        applicable = [t for t in transforms if t.applies_to(data)]
        if not applicable:
            continue  # cheap text test: nothing here can match, so it is never parsed
        loaded = load_file(path, package, data)
        if loaded is None:
            continue
        if isinstance(loaded, FileError):
            results.append(FileResult(path, errors=[loaded]))
            continue
        results.append(analyse_file(loaded, applicable, prefiltered=True))
    return results


def _by_directory(paths: Sequence[Path]) -> list[list[Path]]:
    groups: dict[Path, list[Path]] = defaultdict(list)
    for path in paths:
        groups[path.parent].append(path)
    sizes = {d: sum(_size(p) for p in ps) for d, ps in groups.items()}
    # Largest packages first so one big package does not finish last on its own.
    return [groups[d] for d in sorted(groups, key=lambda d: -sizes[d])]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def analyse_paths(
    paths: Sequence[Path],
    transforms: Sequence[Transform],
    *,
    jobs: int | None = None,
    on_package_done: Callable[[int], None] | None = None,
) -> Iterator[FileResult]:
    """Analyse files on every core (or `jobs` processes), yielding results per file.

    `on_package_done(n_files)` is called as each directory finishes, for progress bars.
    """
    ids = [t.id for t in transforms]
    groups = _by_directory(paths)
    workers = jobs or os.cpu_count() or 1
    total = sum(_size(p) for p in paths)
    if workers <= 1 or len(groups) <= 1 or total < PARALLEL_THRESHOLD:
        for group in groups:
            yield from analyse_package(group, ids)
            if on_package_done:
                on_package_done(len(group))
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = [(group, pool.submit(analyse_package, group, ids)) for group in groups]
        for group, future in futures:
            yield from future.result()
            if on_package_done:
                on_package_done(len(group))
