"""The small pieces every list of members repeats per card, as Python instead of an included
template: an include costs a template context, a `{% with %}` and a node walk per card, which
was a measurable part of the member-list pages (docs/benchmarks.md, "The HTML lists").

    {% load member_bits %}
    {% avatar member "md" %}                       the same as including includes/avatar.html
    {% avatar member "md" anonymous=True %}        with member, size (and anonymous, alt)
    {% degree_badge degree mutual_count %}         the same as including
                                                   includes/degree_badge.html with those
    {% report_menu "member" member.pk name=n %}    the same as including
                                                   moderation/_report_menu.html with
                                                   target_type, target_id (and name, label)

Each gives exactly the included template's output, whitespace included
(tests/accounts/test_member_bits.py holds them equal for every case). The templates stay the
reference, and what the other pages include.
"""

from functools import lru_cache
from typing import Any
from urllib.parse import quote

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What includes/avatar.html puts around its one element (its comment, {% with %}, {% if %}).
_AVATAR_BEFORE = "\n\n\n  "
_AVATAR_AFTER = "\n\n\n"
_IMAGE = (
    '<img class="avatar avatar-{size}" src="{src}" alt="{alt}" width="96" height="96" '
    'loading="lazy" decoding="async">'
)


def _image(size: str, field: Any, alt: str) -> str:
    return _IMAGE.format(size=size, src=conditional_escape(field.url), alt=alt)


@register.simple_tag
def avatar(member: Any, size: str = "md", *, anonymous: Any = False, alt: Any = "") -> SafeString:
    """includes/avatar.html: the thumbnail, else the photo, else the initials (or a neutral
    placeholder when `anonymous`)."""
    size = conditional_escape(size or "md")
    alt = conditional_escape(alt or "")
    if anonymous:
        element = f'<span class="avatar avatar-{size} avatar-anonymous" aria-hidden="true"></span>'
    else:
        profile = member.profile
        if profile.photo_thumbnail:
            element = _image(size, profile.photo_thumbnail, alt)
        elif profile.photo:
            element = _image(size, profile.photo, alt)
        else:
            label = f' role="img" aria-label="{alt}"' if alt else ' aria-hidden="true"'
            initials = conditional_escape(
                member.first_name[:1].upper() + member.last_name[:1].upper()
            )
            tone = str(int(member.pk))[-1:]
            element = (
                f'<span class="avatar avatar-{size} avatar-initials avatar-tone-{tone}"{label}>'
                f"{initials}</span>"
            )
    return mark_safe(_AVATAR_BEFORE + element + _AVATAR_AFTER)  # noqa: S308 -- escaped above


@register.simple_tag
def degree_badge(degree: Any, mutual_count: Any = None) -> SafeString:
    """includes/degree_badge.html for `degree` (and, for the 2nd degree, the mutual count),
    rendered once per distinct value and then reused."""
    if degree not in (1, 2, 3):
        return _badge(None, None)
    return _badge(int(degree), int(mutual_count or 0) if degree == 2 else None)


@lru_cache(maxsize=4096)
def _badge(degree: int | None, mutual_count: int | None) -> SafeString:
    return mark_safe(  # noqa: S308 -- a template's own output
        render_to_string(
            "includes/degree_badge.html", {"degree": degree, "mutual_count": mutual_count}
        )
    )


# An id no row has: reversing with it gives the report URL around the id, once per type.
_MARKER = 987654321987654321
_REPORT_MENU = (
    '\n<details class="overflow-menu">\n'
    '  <summary class="overflow-toggle"><span aria-hidden="true">\u22ef</span>'
    '<span class="visually-hidden">More actions for {whose}</span></summary>\n'
    '  <ul class="overflow-list">\n'
    '    <li><a class="overflow-item" href="{url}?next={next}">Report{block}</a></li>\n'
    "  </ul>\n</details>\n"
)


@lru_cache(maxsize=64)
def _report_url(target_type: str, script_prefix: str, urlconf: Any) -> tuple[str, str]:
    """The report URL of `target_type` around its id, per script prefix and URLconf."""
    url = reverse("moderation:report", args=[target_type, _MARKER], urlconf=urlconf)
    before, _, after = url.partition(str(_MARKER))
    return before, after


@register.simple_tag(takes_context=True)
def report_menu(
    context: template.Context, target_type: str, target_id: int, *, name: Any = "", label: Any = ""
) -> SafeString:
    """moderation/_report_menu.html: the overflow menu with "Report" (or "Report or block" for
    a member), back to the page it is on."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    before, after = _report_url(str(target_type), get_script_prefix(), urlconf)
    whose = conditional_escape(name) if name else "this " + conditional_escape(label or target_type)
    return mark_safe(  # noqa: S308 -- every value escaped here
        _REPORT_MENU.format(
            whose=whose,
            url=conditional_escape(f"{before}{int(target_id)}{after}"),
            next=conditional_escape(quote(str(context.get("page_path", "")), safe="/")),
            block=" or block" if target_type == "member" else "",
        )
    )
