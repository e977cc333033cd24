"""The HTTP service and the portal prefill page: ``cardocr serve``.

``create_app(settings)`` builds the FastAPI application; its warm pool of reader processes
lives in :mod:`pipeline.service.pool`, the in-memory upload parser in
:mod:`pipeline.service.upload`, and the security headers and request log in
:mod:`pipeline.service.middleware`.
"""

from __future__ import annotations

from pipeline.service.settings import ServiceSettings

__all__ = ["ServiceSettings"]
