"""The service's pure parts: the in-memory upload parser, status mapping, settings, headers."""

from __future__ import annotations

import doctest

import httpx
import pytest
from jsonschema import Draft202012Validator  # type: ignore[import-untyped, unused-ignore]

from pipeline.service import middleware, openapi, pool, settings
from pipeline.service.upload import Upload, UploadError, UploadParser
from tests.contract import CONTRACT_FIELDS, PHONE_PURPOSES
from tests.test_schema import BROKEN_ISSUE_15, contract_example, full_example


def multipart(files: dict[str, bytes]) -> tuple[str, bytes]:
    """A multipart body as httpx builds it: (content type, body)."""
    request = httpx.Request("POST", "http://x/", files={k: ("f", v) for k, v in files.items()})
    return request.headers["content-type"], request.read()


def parse(content_type: str, body: bytes, chunk: int, limit: int = 1 << 20) -> Upload:
    parser = UploadParser(content_type, limit)
    for i in range(0, len(body), chunk):
        parser.feed(body[i:i + chunk])
    return parser.finish()


@pytest.mark.parametrize("module", [pool, settings, middleware])
def test_doctests(module: object) -> None:
    failures, tried = doctest.testmod(module)  # type: ignore[arg-type]
    assert tried and not failures


@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 30])
def test_parts_arrive_whole_however_the_body_is_cut(chunk: int) -> None:
    front = bytes(range(256)) * 40 + b"\r\n--not-a-boundary\r\n"
    back = b"\x00\xff" * 3000
    content_type, body = multipart({"front": front, "back": back})
    assert parse(content_type, body, chunk) == Upload(front=front, back=back)


def test_back_is_optional() -> None:
    content_type, body = multipart({"front": b"abc"})
    assert parse(content_type, body, 64) == Upload(front=b"abc", back=None)


def test_a_part_past_the_limit_is_refused_while_streaming() -> None:
    content_type, body = multipart({"front": b"x" * 5000})
    parser = UploadParser(content_type, max_part_bytes=1000)
    fed = 0
    with pytest.raises(UploadError) as e:
        for i in range(0, len(body), 100):
            parser.feed(body[i:i + 100])
            fed += 100
    assert e.value.status == 413 and e.value.code == "upload_too_large"
    assert fed < 1400  # stopped within a chunk or so of the limit, not at the end


def test_the_body_limit_counts_every_byte() -> None:
    parser = UploadParser("multipart/form-data; boundary=b", max_part_bytes=10)
    with pytest.raises(UploadError) as e:
        parser.feed(b"-" * (parser.max_body_bytes + 1))
    assert e.value.status == 413


@pytest.mark.parametrize("content_type,status", [
    (None, 415), ("application/json", 415), ("multipart/form-data", 400),
    ("multipart/form-data; boundary=" + "b" * 5000, 400),
])
def test_bad_content_types(content_type: str | None, status: int) -> None:
    with pytest.raises(UploadError) as e:
        UploadParser(content_type, 100)
    assert e.value.status == status


def test_settings_limits_reach_the_pipeline() -> None:
    s = settings.ServiceSettings(api_token=None, max_upload_bytes=123, max_pixels=456)
    limits = s.pipeline_config().limits
    assert (limits.max_file_bytes, limits.max_pixels) == (123, 456)
    assert s.queue_limit == 4 * s.workers
    assert settings.ServiceSettings(api_token=None, queue=3).queue_limit == 3


def test_request_ids() -> None:
    assert middleware.request_id({"x-request-id": "abc-123"}) == "abc-123"
    made = middleware.request_id({"x-request-id": "bad id\nwith newline"})
    assert len(made) == 16 and "\n" not in made
    assert middleware.request_id({}) != middleware.request_id({})


@pytest.mark.parametrize("argv", [
    ["serve", "--workers", "0"],
    ["serve", "--submit-url", "javascript:alert(1)"],
    ["serve", "--cors-origin", "not an origin"],
])
def test_serve_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str],
                                         ) -> None:
    from pipeline.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("cardocr: error: ") and err.count("\n") == 1


def card_result_validator() -> Draft202012Validator:
    """A validator of the OpenAPI document's ``CardResult``, its references resolved within
    the components as the document has them."""
    components = openapi.contract_components(openapi.contract_schema())
    return Draft202012Validator({"$ref": f"#/components/schemas/{openapi.CARD_RESULT}",
                                 "components": {"schemas": components}})


def test_openapi_card_result_has_the_new_fields_and_lists() -> None:
    components = openapi.contract_components(openapi.contract_schema())
    prefix = f"{openapi.CARD_RESULT}_"
    assert components[f"{prefix}fields"]["propertyNames"]["enum"] == list(CONTRACT_FIELDS)
    assert components[f"{prefix}phone_purpose"]["enum"] == list(PHONE_PURPOSES)
    assert {"dependents", "copays", "phones"} <= set(components[openapi.CARD_RESULT]["properties"])
    validator = card_result_validator()
    assert list(validator.iter_errors(contract_example())) == []
    assert list(validator.iter_errors(full_example())) == []


@pytest.mark.parametrize("broken", ["phone with an unknown purpose", "copay without amount",
                                    "iso not YYYY-MM-DD"])
def test_openapi_card_result_rejects_broken_items(broken: str) -> None:
    result = full_example()
    BROKEN_ISSUE_15[broken](result)
    assert list(card_result_validator().iter_errors(result))
