"""How fast is `rewrite --verify`, and how much of its time is Go's?

Verifies a module (default: the bundled example, several rewrites and benchmarks) on a
temporary copy and prints

  (a) total wall time of the verification (analysis included),
  (b) time spent inside child processes (`go` commands and test binaries), summed over
      every child — builds run in parallel, so (b) can exceed (a),
  (c) timed benchmark executions versus the naive plan of running every benchmark of the
      package for every rewrite, plus the single-iteration coverage runs that made the
      selection possible.

Target: (a) <= 1.2 x (b) — the Python around the toolchain costs little — and (c) only
the covering benchmarks are timed.

    python scripts/bench_verify.py [MODULE] [--count 6] [--benchtime 100ms]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from gocodemod.pipeline import run_rewrite
from gocodemod.verify import VerifyOptions
from gocodemod.verify.process import CLOCK

EXAMPLE = Path(__file__).resolve().parent.parent / "golden" / "example"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module", type=Path, nargs="?", default=EXAMPLE)
    parser.add_argument("--count", type=int, default=6)
    parser.add_argument("--benchtime", default="100ms")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-verify-") as tmp:
        module = Path(tmp) / args.module.name
        shutil.copytree(args.module, module)
        CLOCK.reset()
        started = time.perf_counter()
        run = run_rewrite(
            [module], verify=VerifyOptions(count=args.count, benchtime=args.benchtime)
        )
        wall = time.perf_counter() - started
    assert run.report is not None
    stats = run.report.stats
    verdicts = Counter(v.kind.value for v in run.verdicts)

    print(f"module: {args.module}  (--count {args.count} --benchtime {args.benchtime})")
    print(f"rewrites: {len(run.verdicts)}  " + ", ".join(f"{n} {k}" for k, n in verdicts.items()))
    print(f"(a) total wall time:              {wall:7.2f} s")
    print(f"(b) inside go and test binaries:  {CLOCK.seconds:7.2f} s  ({CLOCK.runs} processes)")
    print(f"    (a) / (b) = {wall / CLOCK.seconds:.2f}  (target <= 1.2)")
    print(
        f"(c) timed benchmark runs:         {stats.benchmark_runs:7d}  "
        f"vs naive every-benchmark-for-every-rewrite {stats.naive_benchmark_runs}  "
        f"({stats.measurements} measurements; {stats.coverage_runs} one-iteration coverage runs)"
    )


if __name__ == "__main__":
    main()
