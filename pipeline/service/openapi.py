"""The service's OpenAPI document: FastAPI's, plus the upload form and the contract's
card result schema (``pipeline/schema/card_result.schema.json``) as response schema."""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

JsonObj = dict[str, Any]

CARD_RESULT = "CardResult"
ERROR = "Error"
_DEFS_REF = "#/$defs/"

ERROR_SCHEMA: JsonObj = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
        }
    },
}

UPLOAD_BODY: JsonObj = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["front"],
                "properties": {
                    "front": {"type": "string", "format": "binary",
                              "description": "Photo of the card's front (or a PDF of both "
                                             "sides, or one image of both)."},
                    "back": {"type": "string", "format": "binary",
                             "description": "Photo of the card's back."},
                },
                "additionalProperties": False,
            }
        }
    },
}

ERROR_STATUSES = {
    "400": "Bad upload: missing, unexpected, duplicate or empty field, malformed multipart.",
    "401": "Missing or wrong bearer token (when the service has one).",
    "413": "A photo (or the body) is over the size limit, or the image over the pixel limit.",
    "415": "Not multipart/form-data, or an image format the reader does not take.",
    "422": "A photo is not a decodable image (not an image, truncated, corrupt).",
    "500": "The reader failed on this card (a bug; the service goes on).",
    "503": "Busy: as many cards are in flight as the queue allows; see Retry-After.",
    "504": "The card was not read within the time limit.",
}


def contract_schema() -> JsonObj:
    """The contract's card result JSON Schema as shipped in the package."""
    text = (resources.files("pipeline.schema") / "card_result.schema.json").read_text("utf-8")
    schema: JsonObj = json.loads(text)
    return schema


def _rewrite_refs(node: Any, prefix: str) -> Any:
    """Point ``#/$defs/x`` references at ``#/components/schemas/<prefix>x``."""
    if isinstance(node, dict):
        out = {k: _rewrite_refs(v, prefix) for k, v in node.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith(_DEFS_REF):
            out["$ref"] = f"#/components/schemas/{prefix}{ref[len(_DEFS_REF):]}"
        return out
    if isinstance(node, list):
        return [_rewrite_refs(v, prefix) for v in node]
    return node


def contract_components(schema: JsonObj) -> JsonObj:
    """The contract schema as OpenAPI components: ``CardResult`` and its ``$defs`` as
    ``CardResult_<name>``."""
    schema = copy.deepcopy(schema)
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    prefix = f"{CARD_RESULT}_"
    components = {f"{prefix}{name}": _rewrite_refs(d, prefix) for name, d in defs.items()}
    components[CARD_RESULT] = _rewrite_refs(schema, prefix)
    return components


def _json_response(description: str, schema_name: str) -> JsonObj:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/"
                                                            f"{schema_name}"}}},
    }


def complete(doc: JsonObj, *, token_required: bool, protected: set[str]) -> JsonObj:
    """Add the upload form, the response schemas and (with a token) bearer security to
    FastAPI's generated document."""
    doc = copy.deepcopy(doc)
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(contract_components(contract_schema()))
    schemas[ERROR] = ERROR_SCHEMA
    post = doc["paths"]["/v1/cards"]["post"]
    post["requestBody"] = UPLOAD_BODY
    post["responses"] = {
        "200": _json_response("The card result of the contract (CONTRACT.md).", CARD_RESULT),
        **{code: _json_response(text, ERROR) for code, text in ERROR_STATUSES.items()},
    }
    post["responses"]["503"]["headers"] = {
        "Retry-After": {"description": "Seconds to wait before trying again.",
                        "schema": {"type": "integer"}},
    }
    if token_required:
        doc["components"]["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
        for path in protected:
            for operation in doc["paths"].get(path, {}).values():
                operation["security"] = [{"bearer": []}]
                operation.setdefault("responses", {})["401"] = _json_response(
                    ERROR_STATUSES["401"], ERROR)
    return doc
