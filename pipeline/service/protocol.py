"""uvicorn's HTTP/1.1 protocol with the service's JSON error shape for requests it cannot
parse (uvicorn itself answers those, before the app sees them, in plain text)."""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from pipeline.service.middleware import INVALID_REQUEST


class JsonErrorH11Protocol(H11Protocol):
    """An invalid HTTP request (a bad request line, headers h11 refuses) is answered 400
    with ``{"error": {"code": "bad_request", ...}}`` and the connection closed."""

    def send_400_response(self, msg: str) -> None:
        headers = [(b"content-type", b"application/json"), (b"connection", b"close"),
                   (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"),
                   (b"content-length", str(len(INVALID_REQUEST)).encode())]
        for event in (h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
                      h11.Data(data=INVALID_REQUEST), h11.EndOfMessage()):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()
