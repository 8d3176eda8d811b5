"""Batch throughput: repositories per minute at --jobs 1 and --jobs 2, and the scaling.

Generates `--count` small repositories (scripts/gen_repos.py: each one module with a slice,
a map and a string rewrite, tests and benchmarks) and runs the whole batch over them, once
per --jobs value, each time into a fresh --out, exactly as `gocodemod batch` does (the same
`run_batch` call, the local executor by default). Wall-clock time includes everything a
user waits for: job processes starting, analysis, patches, SQLite, the summary.

    python scripts/bench_batch.py                       # 20 repositories, --jobs 1 and 2
    python scripts/bench_batch.py --verify --count 6    # with verification (much slower)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_repos import generate

from gocodemod.batch.runner import BatchOptions, run_batch


def measure(repos: Path, out: Path, options: BatchOptions) -> tuple[float, int, int]:
    """Seconds for one batch, repositories processed, and how many failed."""
    started = time.perf_counter()
    result = run_batch(repos, out, options)
    seconds = time.perf_counter() - started
    for name, reason in result.failed:
        print(f"  failed: {name}: {reason}", file=sys.stderr)
    return seconds, len(result.outcomes), len(result.failed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    parser.add_argument("--verify", action="store_true")
    parser.add_argument("--executor", default="local", choices=("local", "dask"))
    args = parser.parse_args()
    jobs_values = [int(j) for j in args.jobs.split(",")]

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        generate(root / "repos", args.count)
        mode = "--verify" if args.verify else "dry run"
        print(f"{args.count} generated repositories, {mode}, executor {args.executor}")
        rates: dict[int, float] = {}
        for jobs in jobs_values:
            options = BatchOptions(jobs=jobs, verify=args.verify, executor=args.executor)
            seconds, processed, failed = measure(root / "repos", root / f"out-j{jobs}", options)
            assert processed == args.count and failed == 0, (processed, failed)
            rates[jobs] = processed / seconds * 60
            print(
                f"--jobs {jobs}: {processed} repositories in {seconds:.1f}s = "
                f"{rates[jobs]:.1f} repos/minute"
            )
        base = jobs_values[0]
        for jobs in jobs_values[1:]:
            print(
                f"scaling --jobs {base} -> {jobs}: x{rates[jobs] / rates[base]:.2f}"
                f" (ideal x{jobs / base:.0f})"
            )


if __name__ == "__main__":
    main()
