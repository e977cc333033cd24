"""Hand-made PDFs for the tests and the fuzz corpus: a correct cross-reference table around
whatever objects a test wants, including the broken ones (page trees that loop, no pages,
huge pages, heavy content streams)."""

from __future__ import annotations

from collections.abc import Sequence


def raw_pdf(objects: Sequence[bytes]) -> bytes:
    """A PDF of ``objects`` (the bodies of objects 1, 2, ...; object 1 is the catalog) with
    a valid xref table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


Box = tuple[float, float, float, float]
"""A MediaBox: x0, y0, x1, y1 in points."""

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"


def looping_page_tree() -> bytes:
    """A PDF whose page tree lists itself as its own kid (a few hundred bytes)."""
    return raw_pdf([CATALOG, b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"])


def no_pages() -> bytes:
    """A well-formed PDF with an empty page tree."""
    return raw_pdf([CATALOG, b"<< /Type /Pages /Kids [] /Count 0 >>"])


def one_page(mediabox: Box = (0, 0, 243, 153),
             content: bytes = b"0 0 1 rg 10 10 100 50 re f") -> bytes:
    """A one-page PDF of the given MediaBox (points) drawing ``content``."""
    box = " ".join(f"{v:g}" for v in mediabox).encode()
    return raw_pdf([
        CATALOG,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [" + box + b"] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ])


def heavy_content(operations: int) -> bytes:
    """A card-sized page of ``operations`` small filled rectangles (slow to render)."""
    ops = b"".join(b"%d %d 3 3 re f\n" % (i % 240, (i // 240) % 150) for i in range(operations))
    return one_page(content=ops)
