"""Template helpers for post cards, which a page shows by the ten with their comments: the
per-card work of `{% url %}` and of including the degree badge was a measurable part of a
page's time (docs/benchmarks.md, "Feed").

    {% load feed_cards %}
    {{ post.pk|route:"feed:react" }}          the same as {% url 'feed:react' post.pk %}
    {{ member.nearness.degree|degree_badge }} the same as including includes/degree_badge.html
                                              with that degree (and no mutual count)
"""

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# An id no row has: reversing with it gives the URL around the id.
_MARKER = 987654321987654321
_ROUTES: dict[tuple[str, str], tuple[str, str]] = {}
_BADGES: dict[int | None, SafeString] = {}


@register.filter
def route(object_id: int, name: str) -> str:
    """Reverse a URL whose only argument is an integer id: `reverse(name, args=[object_id])`,
    with the reversing done once per URL name (and script prefix), then only formatted."""
    key = (name, get_script_prefix())
    parts = _ROUTES.get(key)
    if parts is None:
        before, _, after = reverse(name, args=[_MARKER]).partition(str(_MARKER))
        parts = _ROUTES[key] = (before, after)
    return f"{parts[0]}{int(object_id)}{parts[1]}"


@register.filter
def degree_badge(degree: int | None) -> SafeString:
    """The degree badge (includes/degree_badge.html) for a degree, rendered once per value."""
    if degree not in (0, 1, 2, 3):
        degree = None
    badge = _BADGES.get(degree)
    if badge is None:
        badge = _BADGES[degree] = mark_safe(  # noqa: S308 -- a template's own output
            render_to_string("includes/degree_badge.html", {"degree": degree})
        )
    return badge
