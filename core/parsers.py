"""The API's JSON parser: a body's size and nesting are bounded before it is parsed."""

import io
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

from django.conf import settings
from rest_framework import exceptions, parsers

# A JSON string (escapes included): brackets inside strings do not nest anything.
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "too_large"
    default_detail = "The request body is too large."


def json_depth(data: bytes) -> int:
    """Return how deeply arrays and objects nest in `data`, in one pass without recursion."""
    brackets = _STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(accumulate(_STEP[byte] for byte in brackets), default=0)


class BoundedJSONParser(parsers.JSONParser):
    """Refuse a body over API_JSON_MAX_BYTES (413) or nested deeper than API_JSON_MAX_DEPTH
    (400) before the stdlib parser, which recurses per level, ever sees it."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        limit = settings.API_JSON_MAX_BYTES
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise RequestTooLarge(f"A JSON body may be at most {limit} bytes.")
        max_depth = settings.API_JSON_MAX_DEPTH
        if json_depth(data) > max_depth:
            raise exceptions.ParseError(
                f"JSON nested deeper than {max_depth} levels is not accepted.", code="invalid"
            )
        return super().parse(io.BytesIO(data), media_type, parser_context)
