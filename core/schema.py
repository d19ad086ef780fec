"""OpenAPI: every operation documents the error shape for the 4xx it can return."""

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "code": serializers.CharField(help_text="Stable snake_case reason."),
        "detail": serializers.CharField(help_text="Human sentence."),
        "fields": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="Per-field messages (400 validation errors only).",
        ),
    },
)

_DESCRIPTIONS = {
    "400": "Invalid input.",
    "401": "Not authenticated.",
    "403": "Not allowed.",
    "404": "Not found (or hidden from this viewer).",
    "409": "Conflicts with the current state.",
    "413": "The request body is too large.",
    "429": "Rate or quota limit; see Retry-After.",
    "503": "A dependency (database, Redis, broker) is unavailable; `service_unavailable`, "
    "see Retry-After.",
}


class AutoSchema(BaseAutoSchema):
    """Add the error responses to every operation unless it declares them itself."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        wanted = ["401", "403", "404", "429"]
        if self.method in ("POST", "PUT", "PATCH", "DELETE"):
            wanted = ["400", *wanted, "409"]
        elif self._validates_query():
            wanted = ["400", *wanted]
        if self.method in ("POST", "PUT", "PATCH"):
            wanted.append("413")  # core.parsers: a body over the size limit
        wanted.append("503")  # core.dependencies: any call during an outage
        for code in wanted:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=_DESCRIPTIONS[code]),
                    code,
                    direction=direction,
                )
        return responses

    def _validates_query(self) -> bool:
        # A query string described by a serializer is validated by one (`valid_query`), which
        # answers 400 with the error shape: an over-long `q`, a missing `to`.
        return any(
            isinstance(parameter, serializers.BaseSerializer)
            or (isinstance(parameter, type) and issubclass(parameter, serializers.BaseSerializer))
            for parameter in self.get_override_parameters()
        )


class MemberJWTScheme(SimpleJWTScheme):
    """The bearer scheme of accounts.auth.MemberJWTAuthentication (simplejwt's, with revocation)."""

    target_class = "accounts.auth.MemberJWTAuthentication"
