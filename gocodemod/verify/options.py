"""Checking VerifyOptions before any work starts, so a bad value is a usage error."""

from __future__ import annotations

import re

from gocodemod.verify.model import VerifyOptions

MIN_COUNT = 4
"""Fewer samples a side and the U test cannot reach p < 0.05 (one-sided, 3 v 3: p = 0.05)."""

# What `go test -benchtime` accepts: a Go duration (`100ms`, `1m30s`) or a count (`200x`).
_BENCHTIME = re.compile(r"^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$|^\d+x$")


def problem(options: VerifyOptions) -> str | None:
    """Why these options cannot be used (one line), or None."""
    if options.count < MIN_COUNT:
        return (
            f"--count must be at least {MIN_COUNT} (got {options.count}): with fewer "
            "rounds the Mann-Whitney U test cannot reach significance"
        )
    if not _BENCHTIME.match(options.benchtime):
        return (
            f"--benchtime {options.benchtime!r} is not a Go duration (100ms, 2s) or a count (200x)"
        )
    if options.max_slowdown < 0:
        return f"--max-slowdown must not be negative (got {options.max_slowdown:g})"
    if options.timeout <= 0:
        return f"--timeout must be positive (got {options.timeout:g})"
    if not 0 < options.alpha < 1:
        return f"alpha must be between 0 and 1 (got {options.alpha:g})"
    return None
