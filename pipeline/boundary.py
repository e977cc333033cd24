"""The one boundary between reading a card and whoever asked (the ``extract`` command, a
batch worker, a service reader): any failure but a bad upload becomes the card's result,
with review reason ``unreadable_file`` and a message naming what failed, never a value."""

from __future__ import annotations

import logging
from typing import Any

from pipeline.config import Config
from pipeline.errors import (
    CardOcrError,
    EngineError,
    EngineMissingError,
    InputError,
    StageError,
)
from pipeline.ocr import OcrEngine
from pipeline.process import Source, process_card
from pipeline.result import failure_json, to_json
from pipeline.types import ReviewReason

log = logging.getLogger(__name__)


def failure_message(e: Exception) -> str:
    """What the ``unreadable_file`` reason says about an exception that ended a card: the
    project's own errors say what they are; any other, only its type (its text may quote
    the card)."""
    if isinstance(e, EngineError):
        return f"OCR failed: {e}"
    if isinstance(e, StageError):
        return f"the card could not be read: {e}"
    if isinstance(e, CardOcrError):
        return str(e)
    return f"internal error ({type(e).__name__})"


def failure_result(card: str | None, e: Exception, **extra: Any) -> dict[str, Any]:
    """The result of a card that ``e`` ended: ``unreadable_file`` with
    :func:`failure_message`. Logged with the error's type (traceback at DEBUG only)."""
    where = e.stage if isinstance(e, StageError) else "reading"
    log.error("card %s failed in %s: %s", card or "-", where,
              e.error_type if isinstance(e, StageError) else type(e).__name__,
              exc_info=log.isEnabledFor(logging.DEBUG))
    return failure_json(card, ReviewReason("unreadable_file", failure_message(e)), **extra)


def read_card_json(
    front: Source, back: Source | None = None, *, card: str | None = None,
    engine: OcrEngine | str, config: Config, **extra: Any,
) -> dict[str, Any]:
    """One card's contract JSON (plus ``extra`` keys). Raises only
    :class:`pipeline.errors.InputError` (a side that is not a decodable image) and
    :class:`pipeline.errors.EngineMissingError` (nothing can be read: the install step
    is named), which each caller answers its own way; every other failure is the card's
    result (:func:`failure_result`)."""
    try:
        result = process_card(front, back, card=card, engine=engine, config=config)
        try:
            out = to_json(result)
        except Exception as e:
            raise StageError("result", e) from e
    except (InputError, EngineMissingError):
        raise
    except Exception as e:  # the boundary: one card's failure is that card's result
        return failure_result(card, e, **extra)
    out.update(extra)
    return out


def timeout_result(card: str | None, limit_s: float, **extra: Any) -> dict[str, Any]:
    """The result of a card not read within its time limit (``limit_s``, seconds); extra
    key ``timed_out``."""
    message = f"not read within the {limit_s:g} s time limit per card (its worker was stopped)"
    return failure_json(card, ReviewReason("unreadable_file", message), timed_out=True,
                        **extra)


def crash_result(card: str | None, exitcode: int | None, **extra: Any) -> dict[str, Any]:
    """The result of a card whose reading process died (a crash in C code, the OOM
    killer); ``exitcode`` negative is the signal that ended it."""
    message = f"the worker reading it died (exit status {exitcode})"
    return failure_json(card, ReviewReason("unreadable_file", message), **extra)

