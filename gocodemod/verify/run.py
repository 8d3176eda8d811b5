"""Verification of a run's rewrites, package by package (DESIGN.md, "Verification").

Per package: the baseline (unmodified) test binary, its tests and `go vet`; coverage of
each benchmark; then per rewrite, stopping at the first failure: gate (builds, vets, tests
pass with the rewrite) -> coverage (some benchmark executes its lines) -> measurement
(baseline and candidate alternately). All measurements of the run are then decided
together (Holm across rewrites), and a package's kept rewrites are verified once more
together before any of them is kept.

Builds and test runs go to a thread pool (they may use every core) in submission order, so
while the main thread times one candidate the pool is already building the next. Timing
happens on the main thread only: never two timed benchmarks at once.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from gocodemod.model import FileResult, Rewrite
from gocodemod.verify import benchfmt, coverage
from gocodemod.verify.decide import Measured, decide_all
from gocodemod.verify.gate import Binary, build, run_tests, vet
from gocodemod.verify.measure import Measurement, Side, measure
from gocodemod.verify.model import Verdict, VerdictKind, VerifyOptions, VerifyReport
from gocodemod.verify.options import problem
from gocodemod.verify.overlay import NotApplicable, rewritten_files, write_overlay
from gocodemod.verify.packages import PackageUnderTest, group_packages
from gocodemod.verify.process import Processes

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Baseline:
    binary: Binary
    tests: str | None
    """Why the package's tests fail without any rewrite (None: they pass)."""
    vet: str | None
    """go vet's first finding on the unmodified package (None: clean)."""


@dataclass(frozen=True)
class Candidate:
    """A variant of the package with some rewrites applied, built, vetted and tested."""

    failure: tuple[VerdictKind, str] | None
    binary: Path | None = None
    vet: str | None = None


@dataclass
class PackageRun:
    package: PackageUnderTest
    workdir: Path
    baseline: Future[Baseline]
    coverage: Future[coverage.Coverage]
    candidates: dict[str, Future[Candidate]] = field(default_factory=dict)
    covering: dict[str, list[str]] = field(default_factory=dict)
    hung: set[str] = field(default_factory=set)
    """Benchmarks that hung on the unmodified code: never run again."""


class _Stages:
    """Progress per stage (gate, coverage, measure), reported from the main thread."""

    def __init__(self, callback: Progress | None) -> None:
        self.callback = callback
        self.done = {"gate": 0, "coverage": 0, "measure": 0}
        self.total = dict.fromkeys(self.done, 0)

    def add(self, stage: str, total: int) -> None:
        self.total[stage] += total
        self.report(stage)

    def step(self, stage: str) -> None:
        self.done[stage] += 1
        self.report(stage)

    def report(self, stage: str) -> None:
        if self.callback is not None:
            self.callback(stage, self.done[stage], self.total[stage])


def _line_ranges(lines: Sequence[int]) -> str:
    """[3, 4, 5, 9] -> "3-5, 9"."""
    parts: list[str] = []
    ordered = sorted(set(lines))
    start = prev = ordered[0] if ordered else 0
    for line in [*ordered[1:], None]:
        if line is not None and line == prev + 1:
            prev = line
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if line is not None:
            start = prev = line
    return ", ".join(parts)


def _bench_stem(rewrite: Rewrite) -> str:
    return f"{rewrite.transform}-{rewrite.path.stem}-{rewrite.line}"


class Verification:
    def __init__(
        self,
        options: VerifyOptions,
        procs: Processes,
        pool: ThreadPoolExecutor,
        workdir: Path,
        progress: Progress | None,
    ) -> None:
        self.options = options
        self.procs = procs
        self.pool = pool
        self.workdir = workdir
        self.stages = _Stages(progress)
        self.report = VerifyReport()
        self.verdicts: dict[str, Verdict] = {}
        self.measured: dict[str, Measured] = {}

    # -- pool tasks (worker threads) ---------------------------------------------------

    def _baseline(self, package: PackageUnderTest, workdir: Path) -> Baseline:
        timeout = self.options.timeout
        binary = build(self.procs, package.directory, workdir / "base.test", timeout=timeout)
        tests = None
        if binary.path is not None:
            tests = run_tests(self.procs, binary.path, package.directory, timeout=timeout)
        finding = vet(self.procs, package.directory, timeout=timeout)
        return Baseline(binary, tests, finding)

    def _candidate(self, package: PackageUnderTest, overlay: Path) -> Candidate:
        timeout = self.options.timeout
        workdir = overlay.parent
        binary = build(
            self.procs,
            package.directory,
            workdir / "candidate.test",
            timeout=timeout,
            overlay=overlay,
        )
        if binary.failure is not None:
            return Candidate((VerdictKind.DOES_NOT_BUILD, binary.failure))
        finding = vet(self.procs, package.directory, timeout=timeout, overlay=overlay)
        if binary.path is not None:
            failure = run_tests(self.procs, binary.path, package.directory, timeout=timeout)
            if failure is not None:
                return Candidate((VerdictKind.BREAKS_TESTS, failure), binary.path, finding)
        return Candidate(None, binary.path, finding)

    def _coverage(self, package: PackageUnderTest, workdir: Path) -> coverage.Coverage:
        return coverage.collect(self.procs, package, workdir, timeout=self.options.timeout)

    # -- the main thread ---------------------------------------------------------------

    def _submit_candidate(
        self, package: PackageUnderTest, rewrites: list[Rewrite], workdir: Path
    ) -> Future[Candidate]:
        """Write the variant's overlay here, build and test it in the pool.

        Applying rewrites parses with tree-sitter, whose parser is not thread-safe, so it
        happens on the main thread; it takes milliseconds, the build seconds.
        """
        try:
            contents = rewritten_files(package.results, rewrites)
        except NotApplicable as exc:
            failed: Future[Candidate] = Future()
            failed.set_result(Candidate((VerdictKind.ERROR, f"cannot apply: {exc}")))
            return failed
        overlay = write_overlay(workdir, contents)
        return self.pool.submit(self._candidate, package, overlay)

    def run(self, results: Sequence[FileResult]) -> VerifyReport:
        packages, homeless = group_packages(results)
        for rewrite, reason in homeless:
            self._verdict(Verdict(rewrite, VerdictKind.ERROR, reason))
        runs = [self._submit(index, package) for index, package in enumerate(packages)]
        total = sum(len(p.rewrites) for p in packages)
        self.stages.add("gate", total)
        self.stages.add("coverage", len(packages))
        self.stages.add("measure", total)
        for run in runs:
            self._verify_package(run)
        decisions = decide_all(
            list(self.measured.values()),
            alpha=self.options.alpha,
            max_slowdown=self.options.max_slowdown,
        )
        for key, decision in decisions.items():
            verdict = self.verdicts[key]
            self.verdicts[key] = Verdict(
                verdict.rewrite, decision.kind, decision.reason, decision.evidence
            )
        self._combine(runs)
        order = [r.key for result in results for r in result.rewrites]
        self.report.verdicts = [self.verdicts[k] for k in order if k in self.verdicts]
        return self.report

    def _submit(self, index: int, package: PackageUnderTest) -> PackageRun:
        workdir = self.workdir / f"pkg{index}"
        (workdir / "baseline").mkdir(parents=True)
        run = PackageRun(
            package,
            workdir,
            self.pool.submit(self._baseline, package, workdir / "baseline"),
            self.pool.submit(self._coverage, package, workdir / "coverage"),
        )
        for number, rewrite in enumerate(package.rewrites):
            run.candidates[rewrite.key] = self._submit_candidate(
                package, [rewrite], workdir / f"rewrite{number}"
            )
        return run

    def _verdict(self, verdict: Verdict) -> None:
        self.verdicts[verdict.rewrite.key] = verdict

    def _verify_package(self, run: PackageRun) -> None:
        baseline = run.baseline.result()
        unusable = self._unusable(baseline)
        if baseline.vet is not None and unusable is None:
            self.report.errors.append(
                f"{run.package.label}: go vet fails without any rewrite ({baseline.vet}); "
                "vet is not used as a gate there"
            )
        coverage_done = False
        for rewrite in run.package.rewrites:
            candidate = run.candidates[rewrite.key].result()
            failure = unusable or self._gate_failure(candidate, baseline)
            self.stages.step("gate")
            if failure is not None:
                self._verdict(Verdict(rewrite, *failure))
                self.stages.step("measure")
                continue
            found = run.coverage.result()
            if not coverage_done:
                coverage_done = True
                self.report.errors.extend(found.problems)
                self.report.stats.coverage_runs += len(found.benchmarks)
                self.stages.step("coverage")
            self._measure_rewrite(run, rewrite, found, baseline, candidate)
            self.stages.step("measure")
        if not coverage_done:
            self.stages.step("coverage")

    @staticmethod
    def _unusable(baseline: Baseline) -> tuple[VerdictKind, str] | None:
        """The package cannot judge any rewrite: it fails without one."""
        if baseline.binary.failure is not None:
            return (
                VerdictKind.ERROR,
                f"the package does not build without any rewrite: {baseline.binary.failure}",
            )
        if baseline.tests is not None:
            return (
                VerdictKind.ERROR,
                f"the package's tests fail without any rewrite: {baseline.tests}",
            )
        return None

    @staticmethod
    def _gate_failure(candidate: Candidate, baseline: Baseline) -> tuple[VerdictKind, str] | None:
        if candidate.failure is not None and candidate.failure[0] is not VerdictKind.BREAKS_TESTS:
            return candidate.failure
        if candidate.vet is not None and baseline.vet is None:
            return (VerdictKind.DOES_NOT_BUILD, f"go vet: {candidate.vet}")
        return candidate.failure

    def _measure_rewrite(
        self,
        run: PackageRun,
        rewrite: Rewrite,
        found: coverage.Coverage,
        baseline: Baseline,
        candidate: Candidate,
    ) -> None:
        if found.failure is not None:
            self._verdict(Verdict(rewrite, VerdictKind.ERROR, found.failure))
            return
        covering = found.covering(rewrite)
        run.covering[rewrite.key] = covering
        if not covering:
            self._verdict(Verdict(rewrite, VerdictKind.UNVERIFIED, self._uncovered(rewrite, found)))
            return
        assert baseline.binary.path is not None and candidate.binary is not None
        binaries = {Side.BASELINE: baseline.binary.path, Side.CANDIDATE: candidate.binary}
        outcome = self._measure(run, binaries, covering, _bench_stem(rewrite))
        if isinstance(outcome, tuple):
            self._verdict(Verdict(rewrite, *outcome))
            return
        self._verdict(Verdict(rewrite, VerdictKind.REJECTED, "undecided"))
        self.measured[rewrite.key] = Measured(rewrite.key, tuple(outcome.runs.values()))

    def _uncovered(self, rewrite: Rewrite, found: coverage.Coverage) -> str:
        lines = _line_ranges(rewrite.lines or (rewrite.line,))
        if not found.benchmarks:
            return f"the package has no benchmarks (lines {lines} of {rewrite.path.name})"
        return (
            f"no benchmark executes lines {lines} of {rewrite.path.name} "
            f"({len(found.benchmarks)} benchmarks checked)"
        )

    def _measure(
        self, run: PackageRun, binaries: dict[Side, Path], covering: list[str], stem: str
    ) -> Measurement | tuple[VerdictKind, str]:
        """Measure on the covering benchmarks; a baseline hang drops that benchmark and
        measures again on the rest. Returns the samples or the verdict that ends it."""
        options = self.options
        while True:
            usable = [b for b in covering if b not in run.hung]
            if not usable:
                hung = ", ".join(sorted(set(covering) & run.hung))
                return (
                    VerdictKind.ERROR,
                    f"{hung} did not finish within {options.timeout:g}s on the unmodified "
                    "code (killed); no other benchmark executes this rewrite",
                )
            measurement = measure(
                self.procs,
                binaries,
                usable,
                run.package.directory,
                count=options.count,
                benchtime=options.benchtime,
                timeout=options.timeout,
                lock_dir=options.bench_lock_dir,
            )
            self._count(run, measurement, usable)
            if measurement.hung is not None and measurement.side is Side.BASELINE:
                run.hung.update(b for b in usable if b in measurement.hung.split(" or "))
                self.report.errors.append(
                    f"{run.package.label}: {measurement.hung} did not finish within "
                    f"{options.timeout:g}s (killed); left out of every measurement"
                )
                continue
            if measurement.hung is not None:
                return (
                    VerdictKind.ERROR,
                    f"{measurement.hung} did not finish within {options.timeout:g}s with the "
                    "rewrite (killed)",
                )
            if measurement.failed is not None and measurement.side is Side.CANDIDATE:
                return (VerdictKind.BREAKS_TESTS, f"benchmark fails: {measurement.failed}")
            if measurement.failed is not None:
                return (
                    VerdictKind.ERROR,
                    f"benchmark fails on the unmodified code: {measurement.failed}",
                )
            self._save(run, measurement, stem)
            return measurement

    def _count(self, run: PackageRun, measurement: Measurement, usable: list[str]) -> None:
        runs = sum(len(outputs) for outputs in measurement.outputs.values())
        if measurement.hung is not None or measurement.failed is not None:
            runs += 1  # the run that was killed or failed ran too
        stats = self.report.stats
        stats.measurements += 1
        stats.benchmark_runs += runs * len(usable)
        stats.naive_benchmark_runs += runs * len(run.coverage.result().benchmarks)

    def _save(self, run: PackageRun, measurement: Measurement, stem: str) -> None:
        if self.options.bench_out is None:
            return
        folder = self.options.bench_out.joinpath(*run.package.import_path.split("/"))
        for side, suffix in ((Side.BASELINE, "before"), (Side.CANDIDATE, "after")):
            path = folder / f"{stem}.{suffix}.txt"
            self.report.bench_files.append(benchfmt.save(path, measurement.outputs[side]))

    # -- kept rewrites together --------------------------------------------------------

    def _combine(self, runs: list[PackageRun]) -> None:
        pending: list[tuple[PackageRun, list[Rewrite], Future[Candidate]]] = []
        for run in runs:
            kept = [
                r for r in run.package.rewrites if self.verdicts[r.key].kind is VerdictKind.KEPT
            ]
            if len(kept) < 2:
                continue  # one kept rewrite was verified exactly as it would be written
            future = self._submit_candidate(run.package, kept, run.workdir / "all")
            pending.append((run, kept, future))
        if not pending:
            return
        self.stages.add("gate", len(pending))
        self.stages.add("measure", len(pending))
        measured: list[tuple[PackageRun, list[Rewrite], Measured]] = []
        for run, kept, future in pending:
            candidate = future.result()
            baseline = run.baseline.result()
            failure = self._gate_failure(candidate, baseline)
            self.stages.step("gate")
            if failure is not None:
                self._fall_back(kept, f"fail together ({failure[0].value}: {failure[1]})")
                self.stages.step("measure")
                continue
            covering = sorted({b for r in kept for b in run.covering.get(r.key, [])})
            assert baseline.binary.path is not None and candidate.binary is not None
            binaries = {Side.BASELINE: baseline.binary.path, Side.CANDIDATE: candidate.binary}
            outcome = self._measure(run, binaries, covering, "combined")
            self.stages.step("measure")
            if isinstance(outcome, tuple):
                self._fall_back(
                    kept, f"cannot be measured together ({outcome[0].value}: {outcome[1]})"
                )
                continue
            measured.append((run, kept, Measured(run.package.label, tuple(outcome.runs.values()))))
        decisions = decide_all(
            [m for _, _, m in measured],
            alpha=self.options.alpha,
            max_slowdown=self.options.max_slowdown,
        )
        for _, kept, combined in measured:
            decision = decisions[combined.key]
            if decision.kind is not VerdictKind.KEPT:
                self._fall_back(kept, f"do not hold together ({decision.reason})")
            else:
                self._note_together(kept)

    def _note_together(self, kept: list[Rewrite]) -> None:
        for rewrite in kept:
            verdict = self.verdicts[rewrite.key]
            self._verdict(
                Verdict(
                    rewrite,
                    verdict.kind,
                    f"{verdict.reason}; holds with the package's other kept rewrites "
                    f"applied too ({len(kept)} in all)",
                    verdict.benchmarks,
                )
            )

    def _fall_back(self, kept: list[Rewrite], problem: str) -> None:
        """Kept alone but not together: keep only the largest single cut (verified alone)."""

        def cut(rewrite: Rewrite) -> tuple[float, float]:
            best = (0.0, 0.0)
            for e in self.verdicts[rewrite.key].benchmarks:
                allocs = (
                    (e.allocs_before - e.allocs_after) / e.allocs_before if e.allocs_before else 0.0
                )
                size = (e.bytes_before - e.bytes_after) / e.bytes_before if e.bytes_before else 0.0
                best = max(best, (allocs, size))
            return best

        chosen = max(kept, key=cut)
        where = f"{chosen.transform} at {chosen.path.name}:{chosen.line}"
        for rewrite in kept:
            verdict = self.verdicts[rewrite.key]
            if rewrite is chosen:
                reason = (
                    f"{verdict.reason}; the package's kept rewrites {problem}, so only this "
                    "one (the largest cut) is kept"
                )
                self._verdict(Verdict(rewrite, VerdictKind.KEPT, reason, verdict.benchmarks))
            else:
                reason = (
                    f"combined-failure: the package's kept rewrites {problem}; only {where} "
                    f"is kept. Alone this one held: {verdict.reason}"
                )
                self._verdict(Verdict(rewrite, VerdictKind.REJECTED, reason, verdict.benchmarks))


def verify_results(
    results: list[FileResult],
    options: VerifyOptions,
    on_progress: Progress | None = None,
) -> VerifyReport:
    """One Verdict per proposed rewrite in `results`, with its evidence.

    Never writes in the source tree: every variant is built from a `go -overlay` in a
    temporary directory, removed on return and on an interrupt (Ctrl-C ends every child
    process first, then propagates).
    """
    invalid = problem(options)
    if invalid is not None:
        raise ValueError(invalid)
    procs = Processes()
    jobs = options.jobs or os.cpu_count() or 1
    with (
        tempfile.TemporaryDirectory(prefix="gocodemod-verify-") as tmp,
        ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="verify") as pool,
    ):
        try:
            return Verification(options, procs, pool, Path(tmp), on_progress).run(results)
        except BaseException:
            procs.stop()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
