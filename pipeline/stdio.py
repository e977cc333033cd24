"""Quiet C libraries: messages that libtiff, Leptonica and the like print straight to file
descriptor 2, around calls whose failures the caller reports itself in one line."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence C-level messages on file descriptor 2 (Leptonica prints "Error in
    boxClipToRectangle" for pages OSD cannot use), which would break the progress bar.
    Not for threads that write to stderr meanwhile: their lines would be lost too."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
