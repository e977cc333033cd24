"""The HTTP service through httpx (Starlette's TestClient): results, bad uploads, auth,
limits, the bounded queue, time limits, headers, logs, and no temporary files."""

from __future__ import annotations

import hmac
import io
import json
import logging
import re
import struct
import tempfile
import threading
import time
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]
from PIL import Image

from pipeline.config import Config
from pipeline.portal import split_name
from pipeline.service.app import create_app
from pipeline.service.settings import TOKEN_ENV, ServiceSettings
from tests.contract import CONTRACT_CARRIERS
from tests.serve_support import ROOT, card_files, gated_warm, quick_warm, scripted_task, truth
from tests.test_schema import SCHEMA

with warnings.catch_warnings():  # Starlette prefers httpx2 now; httpx still works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HAPPY_CARD = "0022"
"""Oxford, a JPEG photo, front and back, a subscriber besides the member; reads cleanly."""
READY_LIMIT_S = 60.0
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


def scripted(**overrides: Any) -> ServiceSettings:
    """Settings of a service whose one reader runs :func:`scripted_task` (no OCR)."""
    values: dict[str, Any] = {"workers": 1, "api_token": None, "task": scripted_task,
                              "warm": quick_warm, "timeout_s": 20.0}
    values.update(overrides)
    return ServiceSettings(**values)


def wait_ready(client: TestClient) -> None:
    deadline = time.monotonic() + READY_LIMIT_S
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "the readers never became warm"
        time.sleep(0.05)


@contextmanager
def running(settings: ServiceSettings, *, ready: bool = True) -> Iterator[TestClient]:
    """A client of a started service (lifespan run: the readers are started and stopped)."""
    with TestClient(create_app(settings)) as client:
        if ready:
            wait_ready(client)
        yield client


@pytest.fixture(scope="module")
def real() -> Iterator[TestClient]:
    """The service with one real, warm tesserocr reader and default limits, no token."""
    with running(ServiceSettings(workers=1, api_token=None)) as client:
        yield client


@pytest.fixture(scope="module")
def fake() -> Iterator[TestClient]:
    """A scripted service (no OCR), default limits, no token."""
    with running(scripted()) as client:
        yield client


def upload(front: bytes | None = None, back: bytes | None = None) -> dict[str, Any]:
    files: dict[str, Any] = {}
    if front is not None:
        files["front"] = ("front.jpg", front, "image/jpeg")
    if back is not None:
        files["back"] = ("back.jpg", back, "image/jpeg")
    return files


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    code: str = body["error"]["code"]
    return code


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` × ``height`` pixels but holds one row of data: enough
    for the decoder's pixel check, which reads only the header."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1))) + chunk(b"IEND", b""))


# ---- The card result --------------------------------------------------------------------

@pytest.mark.tesseract
def test_sample_card_reads_as_its_truth(real: TestClient, caplog: pytest.LogCaptureFixture,
                                        ) -> None:
    expected = truth(HAPPY_CARD)
    front, back = card_files(HAPPY_CARD)
    assert back is not None
    caplog.set_level(logging.DEBUG, logger="pipeline")
    r = real.post("/v1/cards", files=upload(front.read_bytes(), back.read_bytes()),
                  headers={"X-Request-ID": "test-happy-1"})
    assert r.status_code == 200, r.text
    result = r.json()
    assert not list(Draft202012Validator(SCHEMA).iter_errors(result))
    assert result["carrier"]["id"] == expected["carrier"]
    portal = result["portal"]
    for key, value in expected["portal"].items():
        assert portal[key] == value, key
    holder_first, holder_last = split_name(expected["fields"]["subscriber_name"])
    assert portal["patient_is_policy_holder"] == "no"
    assert (portal["policy_holder_first_name"], portal["policy_holder_last_name"]) == (
        holder_first, holder_last)
    assert result["review"] == {"needed": False, "reasons": []}
    for name in ("member_id", "group_number"):
        polygon = result["fields"][name]["polygon"]
        assert len(polygon) == 4
    # Logs carry the request id and timings, never what the card says.
    messages = [rec.getMessage() for rec in caplog.records if rec.name.startswith("pipeline")]
    assert any("test-happy-1" in m and " ms" in m for m in messages)
    secrets = [v for v in expected["fields"].values() if len(v) >= 4]
    secrets += [v for v in expected["portal"].values() if v and len(v) >= 4]
    for message in messages:
        for secret in secrets:
            assert secret.upper() not in message.upper(), (secret, message)


def test_form_lists_the_payer_directory_after_the_carriers(fake: TestClient) -> None:
    """The provider list offers the payer directory too: names only, no template's."""
    payers = fake.get("/v1/form").json()["payers"]
    assert len(payers) >= 1000
    assert {"Priority Health", "Blue Cross Blue Shield of North Dakota", "Medi-Cal",
            "EmblemHealth", "Meritain Health"} <= set(payers)
    assert not set(payers) & (set(CONTRACT_CARRIERS.values()) | {"Humana", "Oxford"})
    assert payers == sorted(payers, key=str.casefold)


def test_form_lists_the_contract_carriers(fake: TestClient) -> None:
    r = fake.get("/v1/form")
    assert r.status_code == 200
    body = r.json()
    assert sorted(body["carriers"]) == sorted(CONTRACT_CARRIERS.values())
    config = Config()  # the page marks fields below the pipeline's own review thresholds
    assert body["thresholds"] == {"member_id": config.member_id_min_confidence,
                                  "group_number": config.group_min_confidence}
    assert body["no_group"] == "XXXXXX" and body["submit_url"] is None


# ---- Bad uploads: 4xx with a JSON error, never a 500 ------------------------------------

def _jpeg_front() -> bytes:
    return card_files(HAPPY_CARD)[0].read_bytes()


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 200, 200)).save(out, format="GIF")
    return out.getvalue()


BAD_IMAGES: dict[str, tuple[Callable[[], dict[str, Any]], int, str]] = {
    "not an image": (lambda: upload((ROOT / "README.md").read_bytes()), 422, "unreadable_image"),
    "truncated": (lambda: upload(_jpeg_front()[:3000]), 422, "unreadable_image"),
    "gif": (lambda: upload(_gif()), 415, "unsupported_format"),
    "too many pixels": (lambda: upload(png_header(9000, 9000)), 413, "image_too_large"),
    "bad back": (lambda: upload(_jpeg_front(), b"GIF89a not really"), 422, "unreadable_image"),
}


@pytest.mark.parametrize("case", sorted(BAD_IMAGES))
def test_undecodable_photos_are_4xx(real: TestClient, case: str) -> None:
    make, status, code = BAD_IMAGES[case]
    r = real.post("/v1/cards", files=make())
    assert r.status_code == status, r.text
    assert error_code(r) == code
    side = "back" if case == "bad back" else "front"
    assert r.json()["error"]["message"].startswith(f"{side}: ")


BAD_FORMS: dict[str, tuple[dict[str, Any], int, str]] = {
    "empty front": ({"files": upload(b"")}, 400, "empty_file"),
    "empty back": ({"files": upload(b"x", b"")}, 400, "empty_file"),
    "no front": ({"files": upload(back=b"x")}, 400, "missing_field"),
    "wrong field name": ({"files": {"image": ("a.jpg", b"x")}}, 400, "unexpected_field"),
    "text field": ({"data": {"note": "hi"}, "files": upload(b"x")}, 400, "unexpected_field"),
    "front twice": ({"files": [("front", ("a.jpg", b"x")), ("front", ("b.jpg", b"y"))]},
                    400, "duplicate_field"),
    "no body": ({}, 415, "unsupported_media_type"),
    "json body": ({"json": {"front": "x"}}, 415, "unsupported_media_type"),
    "no boundary": ({"content": b"--x--", "headers": {"content-type": "multipart/form-data"}},
                    400, "bad_multipart"),
    "cut off": ({"content": b'--b\r\nContent-Disposition: form-data; name="front"\r\n\r\nab',
                 "headers": {"content-type": "multipart/form-data; boundary=b"}},
                400, "bad_multipart"),
}


@pytest.mark.parametrize("case", sorted(BAD_FORMS))
def test_bad_forms_are_400s(fake: TestClient, case: str) -> None:
    kwargs, status, code = BAD_FORMS[case]
    r = fake.post("/v1/cards", **kwargs)
    assert r.status_code == status, r.text
    assert error_code(r) == code


def test_unknown_paths_and_methods_are_json_errors(fake: TestClient) -> None:
    assert error_code(fake.get("/v1/nothing")) == "not_found"
    r = fake.get("/v1/cards")
    assert r.status_code == 405 and error_code(r) == "method_not_allowed"


# ---- Limits -----------------------------------------------------------------------------

def test_oversize_photo_is_413_and_never_reaches_a_reader() -> None:
    with running(scripted(max_upload_bytes=64 * 1024)) as client:
        r = client.post("/v1/cards", files=upload(b"ok\n" + b"x" * 70_000))
        assert r.status_code == 413 and error_code(r) == "upload_too_large"
        assert "front" in r.json()["error"]["message"]
        r = client.post("/v1/cards", files=upload(b"ok\n", b"y" * 70_000))
        assert r.status_code == 413 and "back" in r.json()["error"]["message"]
        # A declared length over the body limit is refused before the body is read.
        r = client.post("/v1/cards", content=b"x", headers={
            "content-length": str(10 * 2**20), "content-type": "multipart/form-data; boundary=b"})
        assert r.status_code == 413 and error_code(r) == "upload_too_large"
        ok = client.post("/v1/cards", files=upload(b"ok\n" + b"x" * 60_000))
        assert ok.status_code == 200 and ok.json()["front_bytes"] == 60_003


def test_four_megabyte_upload_writes_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             fake: TestClient) -> None:
    """Starlette's parser would spool this to a temporary file; ours must keep it in memory."""
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    opened: list[str] = []

    def refuse(name: str) -> Any:
        def make(*args: Any, **kwargs: Any) -> Any:
            opened.append(name)
            raise AssertionError(f"tempfile.{name} called during an upload")
        return make

    for name in ("SpooledTemporaryFile", "TemporaryFile", "NamedTemporaryFile", "mkstemp",
                 "mkdtemp"):
        monkeypatch.setattr(tempfile, name, refuse(name))
    front = b"ok\n" + bytes(range(256)) * (4 * 4096)
    back = b"b" * (2 * 2**20)
    r = fake.post("/v1/cards", files=upload(front, back))
    assert r.status_code == 200, r.text
    assert r.json()["front_bytes"] == len(front) > 4 * 10**6
    assert r.json()["back_bytes"] == len(back)
    assert opened == [] and list(spool.iterdir()) == []


def test_queue_full_answers_503_with_retry_after_at_once(tmp_path: Path) -> None:
    gate = tmp_path / "release"
    with running(scripted(queue=1)) as client:
        results: list[httpx.Response] = []
        first = threading.Thread(target=lambda: results.append(
            client.post("/v1/cards", files=upload(f"wait {gate}".encode()))))
        first.start()
        deadline = time.monotonic() + READY_LIMIT_S
        while client.get("/readyz").json()["in_flight"] < 1:  # the first is being read
            assert time.monotonic() < deadline
            time.sleep(0.02)
        busy = client.post("/v1/cards", files=upload(b"ok\n"))
        status_while_full = client.get("/readyz").json()
        gate.touch()
        first.join(READY_LIMIT_S)
        assert busy.status_code == 503 and error_code(busy) == "busy"
        assert int(busy.headers["retry-after"]) >= 1
        assert status_while_full["in_flight"] == 1 and status_while_full["queue_limit"] == 1
        assert [r.status_code for r in results] == [200]
        assert client.post("/v1/cards", files=upload(b"ok\n")).status_code == 200


def test_time_limit_gives_504_and_a_fresh_reader() -> None:
    with running(scripted(timeout_s=2.0)) as client:
        pid = client.post("/v1/cards", files=upload(b"ok\n")).json()["pid"]
        r = client.post("/v1/cards", files=upload(b"sleep 60"))
        assert r.status_code == 504 and error_code(r) == "timeout"
        wait_ready(client)  # the replacement warms up
        after = client.post("/v1/cards", files=upload(b"ok\n"))
        assert after.status_code == 200
        assert after.json()["pid"] != pid  # the hung reader was killed and replaced


def test_a_reader_that_dies_is_replaced() -> None:
    with running(scripted()) as client:
        r = client.post("/v1/cards", files=upload(b"crash"))
        # The photo that crashed it is that card's result, as in a batch: not a 500.
        assert r.status_code == 200
        (reason,) = r.json()["review"]["reasons"]
        assert reason["code"] == "unreadable_file" and "died" in reason["message"]
        wait_ready(client)
        assert client.post("/v1/cards", files=upload(b"ok\n")).status_code == 200


def test_readyz_is_503_until_every_reader_is_warm(tmp_path: Path) -> None:
    gate = tmp_path / "warm"
    settings = scripted(workers=2, warm=partial(gated_warm, str(gate)))
    with running(settings, ready=False) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "warming"
        gate.touch()
        wait_ready(client)
        assert client.get("/readyz").json()["warm"] == 2


# ---- Auth -------------------------------------------------------------------------------

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def guarded() -> Iterator[TestClient]:
    with running(scripted(api_token=TOKEN)) as client:
        yield client


@pytest.mark.parametrize("path", ["/v1/form", "/openapi.json"])
def test_token_guards_the_api(guarded: TestClient, path: str) -> None:
    assert guarded.get(path).status_code == 401
    assert guarded.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert guarded.get(path, headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert guarded.get(path, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_token_guards_uploads(guarded: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real_compare = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real_compare(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    r = guarded.post("/v1/cards", files=upload(b"ok\n"))
    assert r.status_code == 401 and error_code(r) == "unauthorized"
    assert r.headers["www-authenticate"] == "Bearer"
    r = guarded.post("/v1/cards", files=upload(b"ok\n"), headers={"Authorization": "Bearer x"})
    assert r.status_code == 401
    r = guarded.post("/v1/cards", files=upload(b"ok\n"),
                     headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert (TOKEN.encode(), TOKEN.encode()) in compared  # compared in constant time


def test_health_checks_and_page_need_no_token(guarded: TestClient) -> None:
    for path in ("/healthz", "/readyz", "/", "/static/app.js", "/static/style.css"):
        assert guarded.get(path).status_code == 200, path


def test_token_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    assert ServiceSettings().api_token == "from-env"
    assert "from-env" not in repr(ServiceSettings())
    monkeypatch.delenv(TOKEN_ENV)
    assert ServiceSettings().api_token is None


def test_openapi_documents_the_upload_and_bearer_auth(guarded: TestClient) -> None:
    doc = guarded.get("/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    post = doc["paths"]["/v1/cards"]["post"]
    form = post["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["required"] == ["front"] and set(form["properties"]) == {"front", "back"}
    assert post["security"] == [{"bearer": []}]
    assert "security" not in doc["paths"]["/healthz"]["get"]
    refs = re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(doc))
    assert refs and set(refs) <= set(doc["components"]["schemas"])
    schemas = doc["components"]["schemas"]
    assert "claims_address" in schemas["CardResult_fields"]["propertyNames"]["enum"]
    assert {"dependents", "copays", "phones"} <= set(schemas["CardResult"]["properties"])


# ---- Headers, CORS, defaults ------------------------------------------------------------

@pytest.mark.parametrize("method,path", [
    ("GET", "/"), ("GET", "/static/app.js"), ("GET", "/healthz"), ("GET", "/v1/form"),
    ("POST", "/v1/cards"), ("GET", "/missing"),
])
def test_security_headers_on_every_response(fake: TestClient, method: str, path: str) -> None:
    r = fake.request(method, path)
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value, name
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert re.fullmatch(r"[0-9a-f]{16}", r.headers["x-request-id"])
    assert "access-control-allow-origin" not in r.headers


def test_a_bug_is_a_json_500_with_the_headers(fake: TestClient,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(job: Any) -> Any:
        raise RuntimeError("a bug")

    monkeypatch.setattr(fake.app.state.pool, "read", broken)  # type: ignore[attr-defined]
    r = fake.post("/v1/cards", files=upload(b"ok\n"))
    assert r.status_code == 500 and error_code(r) == "internal_error"
    assert "a bug" not in r.text and "Traceback" not in r.text
    for name, value in SECURITY_HEADERS.items():
        assert r.headers[name] == value, name


def test_page_has_no_inline_script_or_style(fake: TestClient) -> None:
    html = fake.get("/").text
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert not re.search(r"\son[a-z]+\s*=", html)  # no inline event handlers
    assert not re.search(r"\sstyle\s*=", html) and "<style" not in html
    assert fake.get("/static/app.js").headers["content-type"].startswith("text/javascript")


def test_cors_is_off_unless_origins_are_configured(fake: TestClient) -> None:
    preflight = {"Origin": "https://portal.example", "Access-Control-Request-Method": "POST"}
    r = fake.options("/v1/cards", headers=preflight)
    assert "access-control-allow-origin" not in r.headers
    with running(scripted(cors_origins=("https://portal.example",))) as client:
        r = client.options("/v1/cards", headers=preflight)
        assert r.headers["access-control-allow-origin"] == "https://portal.example"
        other = client.options("/v1/cards", headers={**preflight, "Origin": "https://evil.test"})
        assert "access-control-allow-origin" not in other.headers


def test_submit_url_is_in_the_page_policy() -> None:
    settings = scripted(submit_url="https://portal.example/api/insurance")
    with running(settings, ready=False) as client:
        csp = client.get("/").headers["content-security-policy"]
        assert "connect-src 'self' https://portal.example" in csp
        assert client.get("/v1/form").json()["submit_url"] == settings.submit_url


@pytest.mark.parametrize("bad", [
    {"workers": 0}, {"queue": 0}, {"timeout_s": 0}, {"submit_url": "javascript:alert(1)"},
    {"submit_url": "https://a.example/x; script-src *"}, {"cors_origins": ("*.example",)},
])
def test_bad_settings_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ServiceSettings(api_token=None, **bad)


def test_binds_loopback_by_default() -> None:
    assert ServiceSettings(api_token=None).host == "127.0.0.1"
