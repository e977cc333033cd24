"""cardocr: read photos of US health insurance member ID cards, offline."""

import os

# ONNX Runtime (the second engine, pipeline.ppocr) sends usage telemetry and keeps a device
# id and an event store under ~/.cache unless this is set before it loads: card photos are
# protected health information, and this reader runs offline, so it is always set.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

__version__ = "0.1.0"
