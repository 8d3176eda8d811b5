"""Verification: keep only the rewrites the package's own benchmarks prove (DESIGN.md).

Public API (the CLI and batch call only this):

    verify_results(results, options, on_progress=None) -> VerifyReport

`results` are the FileResults of an analysis (rewrites proposed per file); the report holds
one Verdict per rewrite, with its evidence.
"""

from gocodemod.verify.model import (
    BenchmarkEvidence,
    Verdict,
    VerdictKind,
    VerifyOptions,
    VerifyReport,
    VerifyStats,
)
from gocodemod.verify.options import MIN_COUNT, problem
from gocodemod.verify.run import verify_results

__all__ = [
    "MIN_COUNT",
    "BenchmarkEvidence",
    "Verdict",
    "VerdictKind",
    "VerifyOptions",
    "VerifyReport",
    "VerifyStats",
    "problem",
    "verify_results",
]
