"""Helpers every app's page views share: htmx detection, safe redirects, refusals on pages."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from core.exceptions import DomainError


def is_htmx(request: HttpRequest) -> bool:
    """Tell whether htmx sent the request (it then wants a fragment, not a page)."""
    return bool(getattr(request, "htmx", False))


def next_url(request: HttpRequest, default: str) -> str:
    """Return the request's `next` when it is a page of this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def refusal_on_form(form: forms.Form, error: DomainError) -> None:
    """Show a service's refusal on the form: under the fields it names, else above them."""
    placed = False
    for name, details in (getattr(error, "fields", None) or {}).items():
        if name in form.fields:
            for detail in details:
                form.add_error(name, detail)
            placed = True
    if not placed:
        form.add_error(None, error.detail)


def refused_page(
    request: HttpRequest, template: str, context: dict[str, Any], error: DomainError
) -> HttpResponse:
    """Render the page again with the refusal on it, under the refusal's status (429 with
    Retry-After for a rate limit, as in the API)."""
    response = render(request, template, context, status=error.status)
    if error.retry_after:
        response["Retry-After"] = str(error.retry_after)
    return response
