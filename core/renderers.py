"""The API's JSON renderer: orjson, several times faster than the stdlib encoder DRF uses.

The output is the same JSON as DRF's `JSONRenderer` with its settings here (UTF-8, compact, no
NaN): orjson writes `{"a":1}` exactly as DRF's compact form does, and U+2028/2029 are escaped as DRF
escapes them. What orjson does not know
(Decimal, lazy translations, generators...) goes through DRF's own encoder, so every value DRF
could render still renders. A client asking for indentation (`Accept: application/json;
indent=2`) gets DRF's renderer.
"""

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_fallback = JSONEncoder().default
# Datetimes go through DRF's encoder too: it writes UTC as "Z" and keeps milliseconds.
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
_LINE_SEPARATORS = ("\u2028".encode(), "\u2029".encode())


class ORJSONRenderer(JSONRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        body = orjson.dumps(data, default=_fallback, option=_OPTIONS)
        if _LINE_SEPARATORS[0] in body or _LINE_SEPARATORS[1] in body:
            # As DRF does: JSON that is also a strict subset of JavaScript.
            body = body.replace(_LINE_SEPARATORS[0], b"\\u2028")
            body = body.replace(_LINE_SEPARATORS[1], b"\\u2029")
        return body
