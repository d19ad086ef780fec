"""The member_bits tags give exactly what the included templates they replace give, byte for
byte (whitespace included), for every case: a thumbnail, a photo only, no photo (initials and
their tone, an empty or odd name, an alt text), an anonymous placeholder, every size; and the
degree badge for self, each degree, out of network, with and without a mutual count."""

from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string


class _File:
    """What a template reads of an ImageField's file: its truth and its url."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __bool__(self) -> bool:
        return bool(self.url)


def _member(pk: int, first: str, last: str, *, thumbnail: str = "", photo: str = "") -> Any:
    profile = SimpleNamespace(photo_thumbnail=_File(thumbnail), photo=_File(photo))
    return SimpleNamespace(pk=pk, first_name=first, last_name=last, profile=profile)


MEMBERS = [
    _member(1, "ada", "lovelace"),
    _member(27, "Émile", "Zola"),
    _member(130, "ßara", ""),
    _member(9, "", ""),
    _member(44, '<b>"Bo"', "&Co"),
    _member(5, "Ann", "Lee", thumbnail="/media/t/5.jpg?a=1&b=2", photo="/media/p/5.jpg"),
    _member(6, "Ben", "Ode", photo='/media/p/6 "x".jpg'),
]
SIZES = [None, "", "sm", "md", "lg", "xl"]
OPTIONS: list[dict[str, Any]] = [
    {},
    {"alt": "Ann's photo"},
    {"alt": '<script>"'},
    {"anonymous": True},
    {"anonymous": "1"},
    {"anonymous": ""},
]


def _include_avatar(member: Any, size: str | None, options: dict[str, Any]) -> str:
    context = {"member": member, **options}
    if size is not None:
        context["size"] = size
    return render_to_string("includes/avatar.html", context)


def _tag(source: str, context: dict[str, Any]) -> str:
    return Template("{% load member_bits %}" + source).render(Context(context))


@pytest.mark.parametrize("member", MEMBERS, ids=lambda member: str(member.pk))
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("options", OPTIONS, ids=str)
def test_avatar_tag_is_the_include(member: Any, size: str | None, options: dict[str, Any]):
    arguments = "member" + (" size" if size is not None else "")
    arguments += "".join(f" {name}={name}" for name in options)
    context = {"member": member, "size": size, **options}
    assert _tag(f"{{% avatar {arguments} %}}", context) == _include_avatar(member, size, options)


def test_the_avatar_cases_are_all_seen():
    """The cases above reach every branch of the include: image, photo, initials, anonymous."""
    outputs = {_include_avatar(member, "md", options) for member in MEMBERS for options in OPTIONS}
    assert any("avatar-anonymous" in html for html in outputs)
    assert any("/media/t/5.jpg" in html for html in outputs)
    assert any("/media/p/6" in html for html in outputs)
    assert any('role="img"' in html for html in outputs)
    assert any('aria-hidden="true">AL<' in html for html in outputs)


DEGREES = [0, 1, 2, 3, None, "", 4]
MUTUALS = [None, 0, 1, 2, 37]


@pytest.mark.parametrize("degree", DEGREES)
@pytest.mark.parametrize("mutual_count", MUTUALS)
def test_degree_badge_tag_is_the_include(degree: Any, mutual_count: Any):
    context = {"degree": degree, "mutual_count": mutual_count}
    expected = render_to_string("includes/degree_badge.html", context)
    assert _tag("{% degree_badge degree mutual_count %}", context) == expected
    if mutual_count is None:  # the include called without a mutual count
        expected = render_to_string("includes/degree_badge.html", {"degree": degree})
        assert _tag("{% degree_badge degree %}", context) == expected


def test_the_degree_badge_shows_what_it_should():
    assert "2nd-degree connection" in _tag("{% degree_badge 2 3 %}", {})
    assert "3 mutual connections" in _tag("{% degree_badge 2 3 %}", {})
    assert "mutual" not in _tag("{% degree_badge 1 3 %}", {})
    assert _tag("{% degree_badge 0 %}", {}).strip() == ""


REPORTS: list[dict[str, Any]] = [
    {"target_type": "member", "target_id": 7, "name": "Ann <Lee>"},
    {"target_type": "member", "target_id": 8, "label": "member"},
    {"target_type": "member", "target_id": 9},
    {"target_type": "invitation", "target_id": 10, "label": "invitation"},
    {"target_type": "post", "target_id": 11, "name": ""},
    {"target_type": "group", "target_id": 12, "label": "group & co"},
]
PAGE_PATHS = ["/network/", "/search/?q=ana lima&degree=1,2", "/in/7/mutual/?page=2#x", "", None]


@pytest.mark.parametrize("arguments", REPORTS, ids=str)
@pytest.mark.parametrize("page_path", PAGE_PATHS)
def test_report_menu_tag_is_the_include(arguments: dict[str, Any], page_path: str | None):
    context = {**arguments, **({"page_path": page_path} if page_path is not None else {})}
    expected = render_to_string("moderation/_report_menu.html", context)
    options = "".join(f" {key}={key}" for key in ("name", "label") if key in arguments)
    source = f"{{% report_menu target_type target_id{options} %}}"
    assert _tag(source, context) == expected
    assert "/report/" in expected
