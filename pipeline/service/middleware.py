"""Security headers on every response, and one log line per request with its id and time.

The log line carries the request id, method, path, status and milliseconds: never a
query string, a header value or anything from the upload.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Mapping

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("pipeline.service")

REQUEST_ID_HEADER = "x-request-id"
INTERNAL_ERROR = json.dumps(
    {"error": {"code": "internal_error", "message": "the service failed on this request"}}
).encode()
INVALID_REQUEST = json.dumps(
    {"error": {"code": "bad_request", "message": "the request is not valid HTTP/1.1"}}
).encode()
_CLIENT_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


def content_security_policy(submit_source: str | None) -> str:
    """The page's CSP: scripts, styles and images only from the service itself (no inline
    script or style), photos previewed from ``blob:`` URLs, fetches to the service and to
    the submit URL's origin, and no framing.

    >>> content_security_policy(None).split("; ")[1]
    "script-src 'self'"
    """
    connect = "'self'" + (f" {submit_source}" if submit_source else "")
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob:",
        f"connect-src {connect}",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ])


def security_headers(csp: str) -> dict[str, str]:
    """The headers set on every response (pages and API alike)."""
    return {
        "content-security-policy": csp,
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cache-control": "no-store",
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
    }


def request_id(headers: Mapping[str, str]) -> str:
    """The client's ``X-Request-ID`` when it is a short plain token, else a new one."""
    given = headers.get(REQUEST_ID_HEADER, "")
    return given if _CLIENT_ID.fullmatch(given) else uuid.uuid4().hex[:16]


class SecurityAndLogMiddleware:
    """Pure ASGI middleware: sets :func:`security_headers` and ``X-Request-ID`` on every
    HTTP response and logs the request at INFO when it is done."""

    def __init__(self, app: ASGIApp, headers: Mapping[str, str]) -> None:
        self.app = app
        self.headers = dict(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}
        rid = request_id(raw)
        scope.setdefault("state", {})["request_id"] = rid
        start = time.perf_counter()
        status = 0

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
                headers[REQUEST_ID_HEADER] = rid
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as e:  # a bug: a JSON 500 with the headers, no traceback sent
            log.error("request %s failed: %s", rid, type(e).__name__,
                      exc_info=log.isEnabledFor(logging.DEBUG))
            if status:  # the response had started: only closing the connection is left
                raise
            status = 500
            await send_with_headers({"type": "http.response.start", "status": 500,
                                     "headers": [(b"content-type", b"application/json")]})
            await send({"type": "http.response.body", "body": INTERNAL_ERROR})
        finally:
            log.info("request %s %s %s -> %d in %.0f ms", rid, scope.get("method", "?"),
                     _printable(str(scope.get("path", "?"))), status,
                     1000 * (time.perf_counter() - start))


def _printable(path: str, limit: int = 80) -> str:
    """A path safe for one log line: cut short, non-printable characters escaped."""
    cut = path[:limit]
    return cut if cut.isprintable() else cut.encode("unicode_escape").decode("ascii")
