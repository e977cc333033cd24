"""What ``cardocr serve`` is configured with, in one frozen value."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from pipeline.config import Config, Limits
from pipeline.ocr import DEFAULT_ENGINE
from pipeline.service.pool import Task, Warm

TOKEN_ENV = "CARDOCR_API_TOKEN"
"""Environment variable holding the API token; when set, the API needs ``Bearer`` it."""
MB = 1024 * 1024


def token_from_env() -> str | None:
    """The API token from ``CARDOCR_API_TOKEN`` (None when unset or empty)."""
    return os.environ.get(TOKEN_ENV) or None


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.\-\[\]:]+")


@dataclass(frozen=True, slots=True)
class ServiceSettings:
    """Everything the service is tuned with; validated when made (``ValueError``)."""

    host: str = "127.0.0.1"
    """Address to bind; loopback unless told otherwise."""
    port: int = 8000
    workers: int = 2
    """Reader processes, each with one warm OCR engine."""
    engine: str = DEFAULT_ENGINE
    max_upload_bytes: int = 15 * MB
    """Largest accepted photo (each of front and back), bytes."""
    max_pixels: int = Limits().max_pixels
    """Largest accepted photo, pixels (width × height), checked before decoding."""
    timeout_s: float = 20.0
    """Time limit per request (waiting for a reader included), seconds."""
    queue: int | None = None
    """Most requests reading or waiting at once (default 4 per worker); more get 503."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed to call the API from a browser; none (CORS off) by default."""
    submit_url: str | None = None
    """Where the prefill page posts the filled form as JSON; None shows the JSON instead."""
    api_token: str | None = field(default_factory=token_from_env, repr=False)
    """Bearer token the API requires; read from ``CARDOCR_API_TOKEN`` by default."""
    config: Config = Config()
    """Pipeline tunables; its limits are replaced by the upload and pixel limits above."""
    task: Task | None = None
    """What a reader runs per card; None for the real pipeline (tests swap in others)."""
    warm: Warm | None = None
    """What a reader runs once at start; None warms the OCR engine."""

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ValueError("workers must be at least 1")
        if self.queue is not None and self.queue < 1:
            raise ValueError("queue must be at least 1")
        if self.max_upload_bytes < 1 or self.max_pixels < 1:
            raise ValueError("the upload and pixel limits must be positive")
        if self.timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        if not 0 <= self.port <= 65535:
            raise ValueError("port must be 0-65535")
        for origin in self.cors_origins:
            if origin != "*" and not _ORIGIN.fullmatch(origin):
                raise ValueError(f"CORS origin {origin!r} is not scheme://host[:port]")
        if self.submit_url is not None:
            submit_source(self.submit_url)

    @property
    def queue_limit(self) -> int:
        return self.queue if self.queue is not None else 4 * self.workers

    def pipeline_config(self) -> Config:
        """The pipeline config with the service's upload and pixel limits."""
        limits = Limits(max_file_bytes=self.max_upload_bytes, max_pixels=self.max_pixels)
        return replace(self.config, limits=limits)


def submit_source(url: str) -> str | None:
    """The CSP ``connect-src`` source that lets the page post to ``url`` (None when the
    URL is on the service's own origin). Raises ``ValueError`` for anything else than an
    http(s) URL or an absolute path.

    >>> submit_source("https://portal.example/api/insurance")
    'https://portal.example'
    >>> submit_source("/intake") is None
    True
    """
    if any(c.isspace() or c in ";,'\"" for c in url):
        raise ValueError("submit URL must not contain spaces, quotes, ';' or ','")
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc and url.startswith("/"):
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"submit URL {url!r} is not an http(s) URL or an absolute path")
    return f"{parts.scheme}://{parts.netloc}"
