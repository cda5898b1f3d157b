"""JSON text as `json.dumps(value, ensure_ascii=False, default=str)` writes it.

`json.dumps` with arguments builds a `JSONEncoder` and its C encoder for every call:
about 17k instructions, half of what a log line's or a conversation's encoding costs.
The C encoder here is built once. Without the circular-reference check: the values
are plain data (a cycle still fails, with RecursionError instead of ValueError).
"""

from __future__ import annotations

import json
from typing import Any

_c_encode = json.encoder.c_make_encoder  # type: ignore[attr-defined]
_encode = (
    _c_encode(None, str, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
    if _c_encode is not None
    else None
)


def dumps(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, default=str)`."""
    if _encode is None:  # no C accelerator (another Python implementation)
        return json.dumps(value, ensure_ascii=False, default=str)
    return "".join(_encode(value, 0))
