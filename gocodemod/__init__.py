"""gocodemod: rewrite Go source to cut heap allocations, proven by the project's benchmarks."""

__version__ = "0.1.0"
