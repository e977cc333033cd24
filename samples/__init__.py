"""Seeded synthetic insurance-card generator: images plus ground truth for tests and benchmarks."""
