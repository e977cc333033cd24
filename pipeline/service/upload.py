"""The card upload: a multipart/form-data body parsed in memory, within size limits.

Starlette's own form parser spools files over 1 MB to a temporary file; card photos are
PHI, so this parser keeps every part in memory and stops as soon as a part or the body
grows past its limit. Only the fields ``front`` (required) and ``back`` are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header

if TYPE_CHECKING:  # a typing-only name in python_multipart
    from python_multipart.multipart import MultipartCallbacks

FIELDS = ("front", "back")
"""The form fields of an upload: the front photo (required) and the back photo."""
BODY_OVERHEAD_BYTES = 64 * 1024
"""Room in a request body for the multipart boundaries and part headers, bytes."""


class UploadError(Exception):
    """A bad upload: the HTTP status, an error code and a one-line message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Upload:
    """The photos of one card, as uploaded (bytes, in memory)."""

    front: bytes
    back: bytes | None


def max_body_bytes(max_part_bytes: int) -> int:
    """Largest request body two parts of ``max_part_bytes`` can make, bytes."""
    return len(FIELDS) * max_part_bytes + BODY_OVERHEAD_BYTES


def too_large(what: str, limit_bytes: int) -> UploadError:
    return UploadError(413, "upload_too_large",
                       f"{what} is over the {limit_bytes / 2**20:.3g} MB limit")


class UploadParser:
    """Feed the request body in chunks with :meth:`feed`, then :meth:`finish`."""

    def __init__(self, content_type: str | None, max_part_bytes: int) -> None:
        kind, params = parse_options_header(content_type)
        if kind != b"multipart/form-data":
            raise UploadError(
                415, "unsupported_media_type",
                "send the photos as multipart/form-data with the fields front and back",
            )
        boundary = params.get(b"boundary")
        if not boundary:
            raise UploadError(400, "bad_multipart", "the multipart boundary is missing")
        self.max_part_bytes = max_part_bytes
        self.max_body_bytes = max_body_bytes(max_part_bytes)
        self._parts: dict[str, bytearray] = {}
        self._name: str | None = None
        self._header_name = bytearray()
        self._header_value = bytearray()
        self._disposition = b""
        self._received = 0
        self._ended = False
        callbacks: MultipartCallbacks = {
            "on_part_begin": self._part_begin,
            "on_part_data": self._part_data,
            "on_header_field": self._header_field,
            "on_header_value": self._header_value_data,
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_end": self._end,
        }
        try:
            self._parser = MultipartParser(boundary, callbacks)
        except FormParserError as e:
            raise UploadError(400, "bad_multipart", f"bad multipart boundary ({e})") from None

    def feed(self, chunk: bytes) -> None:
        """Parse the next piece of the body; raises :class:`UploadError` when it is bad."""
        self._received += len(chunk)
        if self._received > self.max_body_bytes:
            raise too_large("the request", self.max_body_bytes)
        try:
            self._parser.write(chunk)
        except FormParserError as e:
            raise UploadError(400, "bad_multipart", f"malformed multipart body ({e})") from None

    def finish(self) -> Upload:
        """The upload, once the whole body was fed."""
        if not self._ended:
            raise UploadError(400, "bad_multipart", "the multipart body is incomplete")
        front = self._parts.get("front")
        if front is None:
            raise UploadError(400, "missing_field", "the photo of the front (field front) "
                                                    "is missing")
        back = self._parts.get("back")
        for name, data in (("front", front), ("back", back)):
            if data is not None and not data:
                raise UploadError(400, "empty_file", f"{name}: the file is empty")
        return Upload(front=bytes(front), back=bytes(back) if back is not None else None)

    # Parser callbacks ---------------------------------------------------------------

    def _part_begin(self) -> None:
        self._name = None
        self._disposition = b""

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def _header_value_data(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def _header_end(self) -> None:
        if bytes(self._header_name).lower() == b"content-disposition":
            self._disposition = bytes(self._header_value)
        self._header_name.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        kind, options = parse_options_header(self._disposition)
        raw = options.get(b"name")
        if kind != b"form-data" or raw is None:
            raise UploadError(400, "bad_multipart",
                              "each part needs Content-Disposition: form-data; name=...")
        name = raw.decode("latin-1")
        if name not in FIELDS:
            raise UploadError(400, "unexpected_field",
                              f"unexpected field {name[:40]!r}; send front and optionally back")
        if name in self._parts:
            raise UploadError(400, "duplicate_field", f"the field {name} was sent twice")
        self._name = name
        self._parts[name] = bytearray()

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._name is None:
            return
        part = self._parts[self._name]
        if len(part) + (end - start) > self.max_part_bytes:
            raise too_large(self._name, self.max_part_bytes)
        part += data[start:end]

    def _end(self) -> None:
        self._ended = True
