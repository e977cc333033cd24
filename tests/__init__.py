"""The test suite (a package, so mypy and ``python -m tests.bench...`` agree on names)."""
