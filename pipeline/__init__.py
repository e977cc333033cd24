"""cardocr: read photos of US health insurance member ID cards, offline."""

__version__ = "0.1.0"
