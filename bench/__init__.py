"""Benchmarks: run them by hand (see docs/PERFORMANCE.md), never as part of the test suite."""
