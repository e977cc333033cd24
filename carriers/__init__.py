"""Declarative carrier templates (TOML), shipped inside the package as ``pipeline.carriers``."""
