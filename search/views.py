"""The search pages (people and groups tabs; filters in the URL, so a search can be bookmarked)
and the header's typeahead fragment (htmx)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.auth import current_member
from accounts.models import User
from core.exceptions import DomainError
from groups.selectors import group_list
from network.web import with_why
from search import policies
from search.forms import GroupSearchForm, PeopleSearchForm, TypeaheadForm
from search.selectors import (
    CANDIDATES,
    Facet,
    GroupQuery,
    PeopleQuery,
    group_search,
    people_search,
    typeahead,
)

PAGE_SIZE = 20


def _url_with(request: HttpRequest, **changes: str | None) -> str:
    """This search's URL with some parameters set (or dropped when None), back to page 1."""
    params = request.GET.copy()
    params.pop("page", None)
    for name, value in changes.items():
        params.pop(name, None)
        if value is not None:
            params[name] = value
    return f"{request.path}?{params.urlencode()}"


def _facet_links(request: HttpRequest, name: str, facets: list[Facet]) -> list[dict[str, Any]]:
    current = request.GET.get(name, "")
    return [
        {
            "facet": facet,
            "selected": facet.value.lower() == current.lower(),
            "url": _url_with(request, **{name: facet.value}),
        }
        for facet in facets
    ]


def _pages(request: HttpRequest, page: int, more: bool) -> dict[str, Any]:
    return {
        "next_url": _url_with(request, page=str(page + 1)) if more else None,
        "previous_url": _url_with(request, page=str(page - 1)) if page > 1 else None,
        "page_number": page,
    }


def _my_groups(viewer: User) -> list[tuple[int, str]]:
    """The group filter's choices: only members see a group's members (one query)."""
    return list(group_list(viewer, mine=True).order_by("name", "pk").values_list("pk", "name"))


@login_required
def people_search_page(request: HttpRequest) -> HttpResponse:
    viewer = current_member(request)
    my_groups = _my_groups(viewer)
    form = PeopleSearchForm(request.GET or None, group_choices=my_groups)
    context: dict[str, Any] = {
        "form": form,
        "searched": bool(request.GET),
        "tab": "people",
        "group_filter": bool(my_groups) or "group" in request.GET,
        "form_action": reverse("search:people"),
        "form_id": "search-form",
    }
    status = 200
    refusal = policies.people_search_rate_block_reason(viewer) if form.is_bound else None
    if refusal is not None:
        context["error"] = refusal.detail
        response = render(request, "search/people.html", context, status=refusal.status)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    if form.is_bound and form.is_valid():
        page = form.cleaned_data.get("page") or 1
        try:
            result = people_search(
                viewer,
                PeopleQuery.from_cleaned(form.cleaned_data),
                offset=(page - 1) * PAGE_SIZE,
                limit=PAGE_SIZE,
            )
        except DomainError as error:
            context["error"] = error.detail
            status = error.status
        else:
            with_why(viewer, [hit.member for hit in result.hits if hit.shows_name])
            context.update(
                result=result,
                hits=result.hits,
                connected=[
                    hit.member for hit in result.hits if hit.fields.relationship == "connected"
                ],
                industries=_facet_links(request, "industry", result.industries),
                locations=_facet_links(request, "location", result.locations),
                clear_industry=_url_with(request, industry=None),
                clear_location=_url_with(request, location=None),
                **_pages(request, page, page * PAGE_SIZE < min(result.reachable, CANDIDATES)),
            )
    elif form.is_bound:
        status = 400
    return render(request, "search/people.html", context, status=status)


@login_required
def group_search_page(request: HttpRequest) -> HttpResponse:
    form = GroupSearchForm(request.GET or None)
    context: dict[str, Any] = {
        "form": form,
        "searched": bool(request.GET),
        "tab": "groups",
        "form_action": reverse("search:groups"),
        "form_id": "group-search-form",
    }
    status = 200
    if form.is_bound and form.is_valid():
        page = form.cleaned_data.get("page") or 1
        result = group_search(
            current_member(request),
            GroupQuery.from_cleaned(form.cleaned_data),
            offset=(page - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        context.update(
            result=result,
            hits=result.hits,
            industries=_facet_links(request, "industry", result.industries),
            clear_industry=_url_with(request, industry=None),
            **_pages(request, page, page * PAGE_SIZE < result.reachable),
        )
    elif form.is_bound:
        status = 400
    return render(request, "search/groups.html", context, status=status)


@login_required
def typeahead_fragment(request: HttpRequest) -> HttpResponse:
    form = TypeaheadForm(request.GET)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    member = current_member(request)
    refusal = policies.typeahead_rate_block_reason(member) if text else None
    if refusal is not None:
        context: dict[str, Any] = {"hits": [], "groups": [], "q": text, "error": refusal.detail}
        response = render(request, "search/_typeahead.html", context, status=refusal.status)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    found = typeahead(member, text)
    return render(
        request,
        "search/_typeahead.html",
        {"hits": found.members, "groups": found.groups, "q": text},
    )
