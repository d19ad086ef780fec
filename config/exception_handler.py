"""Map every API error, DRF's own and the domain's, to {"code", "detail"[, "fields"]}."""

from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.dependencies import DETAIL, dependency_of, log_outage, retry_after
from core.exceptions import DomainError
from core.parsers import RequestTooLarge

_CODE_BY_STATUS = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, list):
        return [message for item in detail for message in _flatten(item)]
    if isinstance(detail, dict):
        return [message for item in detail.values() for message in _flatten(item)]
    return [str(detail)]


def _fields(detail: dict[str, Any]) -> dict[str, list[str]]:
    return {name: _flatten(value) for name, value in detail.items()}


def domain_error_response(error: DomainError) -> Response:
    """Render a domain error as the API's error shape."""
    body: dict[str, Any] = {"code": error.code, "detail": error.detail}
    fields = getattr(error, "fields", None)
    if fields:
        body["fields"] = fields
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else None
    return Response(body, status=error.status, headers=headers)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Return the error shape for every 4xx and for a dependency outage (503 with
    Retry-After, core.dependencies); let real bugs surface as 500s."""
    dependency = dependency_of(exc)
    if dependency is not None:
        request = context.get("request")
        where = f"on {request.method} {request.path}" if request is not None else ""
        log_outage(dependency, exc, where)
        headers = {"Retry-After": str(retry_after()), "Cache-Control": "no-store"}
        return Response(
            {"code": "service_unavailable", "detail": DETAIL}, status=503, headers=headers
        )
    if isinstance(exc, DomainError):
        return domain_error_response(exc)
    if isinstance(exc, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        # Django raises these while DRF parses a form or multipart body; left alone they reach
        # Django's handler, which under DEBUG answers an HTML page instead of the error shape.
        exc = RequestTooLarge(str(exc) or None)
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError("The request could not be understood.", code="invalid")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    status_code = response.status_code
    code = _CODE_BY_STATUS.get(status_code, "error")
    body: dict[str, Any]
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            non_field = _flatten(detail.pop("non_field_errors", []))
            fields = _fields(detail)
            first = non_field[0] if non_field else "Some fields are not valid."
            body = {"code": "invalid", "detail": first, "fields": fields}
        else:
            messages = _flatten(detail)
            body = {"code": "invalid", "detail": messages[0] if messages else "Invalid input."}
    elif isinstance(exc.detail, dict):  # e.g. simplejwt: {"detail", "code", "messages"}
        code = str(exc.detail.get("code") or code)
        body = {"code": code, "detail": str(exc.detail.get("detail") or _flatten(exc.detail)[0])}
    else:
        codes = exc.get_codes()
        body = {"code": codes if isinstance(codes, str) else code, "detail": str(exc.detail)}
    response.data = body
    return response
