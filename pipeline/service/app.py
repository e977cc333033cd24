"""The FastAPI application: card uploads in, contract results out, and the prefill page.

Endpoints: ``POST /v1/cards`` (multipart ``front``, optional ``back``), ``GET /v1/form``
(what the page needs: carrier names, the payer directory's names, confidence thresholds,
submit URL), ``GET /healthz``,
``GET /readyz``, ``GET /openapi.json``, and the page at ``/`` with ``/static/*``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import inspect
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect

from pipeline import __version__, payers
from pipeline.boundary import crash_result
from pipeline.portal import NO_GROUP, PORTAL_GROUP_LENGTH
from pipeline.service import openapi
from pipeline.service.middleware import (
    SecurityAndLogMiddleware,
    content_security_policy,
    security_headers,
)
from pipeline.service.pool import (
    CardPool,
    CardTimeout,
    Job,
    QueueFull,
    Reply,
    WorkerFailed,
    error_body,
    pool_setup,
)
from pipeline.service.settings import ServiceSettings, submit_source
from pipeline.service.upload import Upload, UploadError, UploadParser, max_body_bytes
from pipeline.templates import load_templates

log = logging.getLogger("pipeline.service")

STATIC = Path(__file__).parent / "static"
PROTECTED = {"/v1/cards", "/v1/form", "/openapi.json"}
"""Paths that need the bearer token when one is set (the page and health checks do not)."""


_NO_TELEMETRY: dict[str, Any] = (
    {"telemetry": {"tracing": False, "metrics": False, "logs": False,
                   "operation_spans": False, "auto_configure": False}}
    if "telemetry" in inspect.signature(FastAPI.__init__).parameters else {}
)
"""Recent FastAPI records requests and exception messages with OpenTelemetry when a
provider is configured in the process or ``FASTAPI_OTEL_AUTO_CONFIGURE`` is set: off here,
whatever the environment, since card photos are PHI."""


class ApiError(Exception):
    """An error answered as ``{"error": {"code", "message"}}`` with its status."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


def _error_response(e: ApiError) -> JSONResponse:
    return JSONResponse(error_body(e.code, e.message), status_code=e.status, headers=e.headers)


def carrier_names() -> list[str]:
    """The portal's carrier names (the contract's table), from the loaded templates."""
    _, carriers = load_templates()
    return sorted({t.name for t in carriers if t.name}, key=str.casefold)


def payer_names() -> list[str]:
    """The payer directory's names of the payers no template owns (the provider list's
    second part), sorted: names only, to keep the form small (~40 KB)."""
    known = set(carrier_names())
    names = {p.name for p in payers.load_directory().payers if p.template is None}
    return sorted(names - known, key=str.casefold)


def _bearer_check(token: str | None) -> Any:
    """A dependency that requires ``Authorization: Bearer <token>`` when a token is set,
    compared in constant time."""
    expected = token.encode("utf-8") if token else None

    def check(request: Request) -> None:
        if expected is None:
            return
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode("utf-8"), expected
        ):
            raise ApiError(401, "unauthorized", "a valid bearer token is required",
                           {"www-authenticate": "Bearer"})

    return check


DRAIN_LIMIT_S = 2.0
"""Longest a refused body is read on (and dropped) before the answer is sent, seconds."""


async def _drain(chunks: AsyncIterator[bytes], budget: int) -> None:
    """Read and drop what is left of a refused body (up to ``budget`` bytes and
    ``DRAIN_LIMIT_S`` seconds), so the client gets the answer rather than a reset
    connection; a client that trickles its body gets it after that."""
    with contextlib.suppress(TimeoutError, ClientDisconnect):
        async with asyncio.timeout(DRAIN_LIMIT_S):
            async for chunk in chunks:
                budget -= len(chunk)
                if budget < 0:
                    return


async def _received(chunks: AsyncIterator[bytes], content_type: str | None,
                    max_part_bytes: int, limit_s: float) -> Upload:
    """The upload's photos, parsed as the body arrives. Raises :class:`UploadError` for a
    bad body, :class:`ApiError` 408 when it takes over ``limit_s`` seconds (a client
    trickling a byte at a time holds a place in the queue only that long)."""
    parser = UploadParser(content_type, max_part_bytes)
    try:
        async with asyncio.timeout(limit_s):
            async for chunk in chunks:
                parser.feed(chunk)
    except TimeoutError:
        raise ApiError(408, "request_timeout",
                       f"the upload was not received within {limit_s:g} s",
                       {"connection": "close"}) from None
    return parser.finish()


def create_app(settings: ServiceSettings) -> FastAPI:
    """The service: a warm reader pool started and stopped with the app's lifespan."""
    pool = CardPool(
        pool_setup(settings.engine, settings.pipeline_config(), settings.task, settings.warm),
        workers=settings.workers, queue_limit=settings.queue_limit, timeout_s=settings.timeout_s,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool.start()
        log.info("service started: %d readers warming, queue bound %d, time limit %.0f s",
                 pool.workers, pool.queue_limit, pool.timeout_s)
        try:
            yield
        finally:
            pool.close()

    app = FastAPI(
        title="cardocr", version=__version__, lifespan=lifespan,
        description="Reads photos of US health insurance member ID cards (CONTRACT.md).",
        docs_url=None, redoc_url=None, openapi_url=None, **_NO_TELEMETRY,
    )
    app.router.redirect_slashes = False  # /v1/cards/ is a JSON 404, not a bodiless 307
    app.state.pool = pool
    app.state.settings = settings
    auth = Depends(_bearer_check(settings.api_token))
    max_body = max_body_bytes(settings.max_upload_bytes)

    @app.exception_handler(ApiError)
    async def api_error(_: Request, e: ApiError) -> JSONResponse:
        return _error_response(e)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, e: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(e.status_code, "http_error")
        return JSONResponse(error_body(code, str(e.detail)), status_code=e.status_code,
                            headers=dict(e.headers or {}))

    @app.exception_handler(ClientDisconnect)
    async def client_gone(request: Request, _: ClientDisconnect) -> Response:
        """The client's doing, not the service's: logged as 499 (the client closed the
        request, nginx's code), no error."""
        log.info("request %s: the client disconnected before its upload was received",
                 getattr(request.state, "request_id", "-"))
        return Response(status_code=499)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, e: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body("bad_request", "the request is not valid"),
                            status_code=400)

    @app.get("/healthz", tags=["health"], summary="The process is alive")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", tags=["health"], summary="Every reader's engine is warm",
             responses={503: {"description": "Readers still warming (or failed to start)"}})
    async def readyz() -> JSONResponse:
        s = pool.status()
        body: dict[str, Any] = {"status": "ready" if s.ready else "warming", "workers": s.workers,
                "warm": s.warm, "in_flight": s.in_flight, "queue_limit": s.queue_limit}
        if s.failures:
            body["failures"] = list(s.failures)
        return JSONResponse(body, status_code=200 if s.ready else 503)

    @app.get("/v1/form", tags=["page"], dependencies=[auth],
             summary="What the prefill page needs: carriers, payers, thresholds, submit URL",
             description="`carriers`: the names of the carrier templates (the contract's "
                         "table); `payers`: the names of the payer directory's other payers "
                         "(a card no template knows may be named from it); `thresholds`: the "
                         "review thresholds of member ID and group number confidence.")
    async def form() -> dict[str, Any]:
        config = settings.config
        return {
            "carriers": carrier_names(),
            "payers": payer_names(),
            "thresholds": {"member_id": config.member_id_min_confidence,
                           "group_number": config.group_min_confidence},
            "portal_group_length": PORTAL_GROUP_LENGTH,
            "no_group": NO_GROUP,
            "submit_url": settings.submit_url,
            "max_upload_bytes": settings.max_upload_bytes,
        }

    @app.post("/v1/cards", tags=["cards"], dependencies=[auth],
              summary="Read one card from its photos (multipart front, optional back)")
    async def read_card(request: Request) -> JSONResponse:
        rid = getattr(request.state, "request_id", "-")
        chunks = request.stream().__aiter__()
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_body:
            raise ApiError(413, "upload_too_large",
                           f"the request is over the {max_body / 2**20:.3g} MB limit")
        arrived = time.monotonic()
        with contextlib.ExitStack() as place:
            try:  # a place in the queue from the first byte: bodies held are bounded too
                place.enter_context(pool.admitted())
            except QueueFull as e:  # refused before its photos are read
                await _drain(chunks, max_body)
                raise _busy(e.retry_after_s) from None
            try:
                upload = await _received(chunks, request.headers.get("content-type"),
                                         settings.max_upload_bytes, settings.timeout_s)
            except UploadError as e:
                await _drain(chunks, max_body)
                raise ApiError(e.status, e.code, e.message) from None
            start = time.perf_counter()
            left = settings.timeout_s - (time.monotonic() - arrived)
            try:
                reply = await pool.read(Job(front=upload.front, back=upload.back),
                                        admitted=True, timeout_s=left)
            except CardTimeout:
                raise ApiError(504, "timeout", f"the card was not read within "
                                               f"{settings.timeout_s:g} s") from None
            except WorkerFailed as e:  # a crash in C code on this photo: the card's result
                reply = Reply(200, crash_result(None, e.exitcode))
        log.info("request %s read a card in %.2f s (status %d)", rid,
                 time.perf_counter() - start, reply.status)
        return JSONResponse(reply.body, status_code=reply.status)

    @app.get("/openapi.json", include_in_schema=False, dependencies=[auth])
    async def openapi_json() -> JSONResponse:
        return JSONResponse(openapi.complete(
            app.openapi(), token_required=settings.api_token is not None, protected=PROTECTED))

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"],
        )
    csp = content_security_policy(
        submit_source(settings.submit_url) if settings.submit_url else None)
    app.add_middleware(SecurityAndLogMiddleware, headers=security_headers(csp))
    return app


def _busy(retry_after_s: int) -> ApiError:
    return ApiError(503, "busy", "the service is busy reading other cards; try again shortly",
                    {"retry-after": str(retry_after_s)})


def run(settings: ServiceSettings) -> None:
    """Serve until interrupted (uvicorn, one process; the readers are its children)."""
    import uvicorn

    auth = "an API token is required" if settings.api_token else "no API token is set"
    log.info("serving on http://%s:%d (%s)", settings.host, settings.port, auth)
    if settings.api_token is None and settings.host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("listening on %s without CARDOCR_API_TOKEN: anyone who can reach the "
                    "port can upload cards", settings.host)
    from pipeline.service.protocol import JsonErrorH11Protocol

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                access_log=False, server_header=False, log_level="info",
                http=JsonErrorH11Protocol)
