"""Benchmark scripts: run them directly (or `make bench`); they print their figures."""
