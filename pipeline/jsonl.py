"""JSON Lines read defensively: whatever a line holds (torn JSON, 100,000 nested
brackets, bytes that are not UTF-8), the reader gets a ``ValueError`` naming the problem,
never another exception."""

from __future__ import annotations

import json
from typing import Any


def loads_line(line: str | bytes) -> Any:
    """The JSON value of one line. Raises ``ValueError`` with a short reason (``not JSON
    (...)``, ``not UTF-8 text``) for anything else."""
    try:
        return json.loads(line)
    except UnicodeDecodeError:
        raise ValueError("not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"not JSON ({e.msg})") from None
    except RecursionError:
        raise ValueError("not JSON (nested too deeply)") from None
