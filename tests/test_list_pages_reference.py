"""The member-list pages render byte for byte what they rendered before the fast path.

The list templates now write the avatar, the degree badge and the report menu with member_bits
tags and their links with `|route` (docs/benchmarks.md, "The HTML lists"). Each template is
turned back into what it was (the includes and `{% url %}`, mechanically, by `_as_before`),
served from a template loader placed first, and every page is rendered both ways for the same
viewer and data, from a cleared cache each time: My Network (connections, invitations both
ways, suggestions), a group's members, mutual connections, people search and the typeahead.
Only the CSRF tokens (masked afresh per render) and the CSP nonce are set aside.
"""

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from connections import services as connection_services
from connections.models import Invitation
from groups import services as group_services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES_DIR = Path(settings.BASE_DIR) / "templates"
CHANGED = [
    "connections/_connect_button.html",
    "connections/_connection_row.html",
    "connections/_invitation_received.html",
    "connections/_invitation_sent.html",
    "groups/group_members.html",
    "network/_suggestions.html",
    "network/mutual_connections.html",
    "search/_typeahead.html",
    "search/people.html",
]
_AVATAR = re.compile(r'\{% avatar (\S+) "(\w+)"(?: anonymous=(\S+))? %\}')
_BADGE = re.compile(r"\{% degree_badge (\S+)(?: (\S+))? %\}")
_REPORT = re.compile(r"\{% report_menu (\S+) (\S+)((?: \w+=\S+)*) %\}")
# groups/group_members.html reverses its three manager actions once, before the rows.
_HOISTED = re.compile(r"\{% if is_manager %\}(?:\{% url '[\w:]+' [^%]+ as \w+ %\})+\{% endif %\}")
_HOISTED_URL = re.compile(r"\{\{ (role|remove|ban)_url \}\}")
_ROUTE = re.compile(r'\{\{ ([\w.]+)\|route:"([\w:]+)" \}\}')
_PER_RENDER = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=|"X-CSRFToken": )"[^"]*"')


def _as_before(source: str) -> str:
    """The template as it was written before: includes and {% url %}."""

    def avatar(match: re.Match[str]) -> str:
        anonymous = f" anonymous={match[3]}" if match[3] else ""
        arguments = f'member={match[1]} size="{match[2]}"{anonymous}'
        return f'{{% include "includes/avatar.html" with {arguments} %}}'

    def badge(match: re.Match[str]) -> str:
        mutual = f" mutual_count={match[2]}" if match[2] else ""
        return f'{{% include "includes/degree_badge.html" with degree={match[1]}{mutual} %}}'

    def report(match: re.Match[str]) -> str:
        arguments = f"target_type={match[1]} target_id={match[2]}{match[3]}"
        return f'{{% include "moderation/_report_menu.html" with {arguments} %}}'

    source = _HOISTED.sub("", source)
    source = _HOISTED_URL.sub(
        lambda match: f"{{% url 'groups:action' group.pk '{match[1]}' %}}", source
    )
    source = _AVATAR.sub(avatar, source)
    source = _REPORT.sub(report, source)
    source = _BADGE.sub(badge, source)
    return _ROUTE.sub(lambda match: f"{{% url '{match[2]}' {match[1]} %}}", source)


def _templates_before() -> list[dict[str, Any]]:
    before = {name: _as_before((TEMPLATES_DIR / name).read_text()) for name in CHANGED}
    for name, source in before.items():
        assert "{% avatar" not in source and "{% degree_badge" not in source, name
        assert "{% report_menu" not in source, name
        assert "|route" not in source and not _HOISTED_URL.search(source), name
    configured: dict[str, Any] = settings.TEMPLATES[0]
    engine = {**configured, "APP_DIRS": False}
    options: dict[str, Any] = configured["OPTIONS"]
    engine["OPTIONS"] = {
        **options,
        "loaders": [
            ("django.template.loaders.locmem.Loader", before),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    }
    return [engine]


def _html(client: Client, path: str, **headers: str) -> str:
    """The page from a cleared cache: the rate-limit counters it shows start from zero."""
    cache.clear()
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return _PER_RENDER.sub(r'\1""', response.content.decode())


def test_the_reversal_restores_the_old_forms() -> None:
    assert _as_before('{% avatar member "md" anonymous=hit.shows_name|yesno:",1" %}') == (
        '{% include "includes/avatar.html" with member=member size="md" '
        'anonymous=hit.shows_name|yesno:",1" %}'
    )
    assert _as_before("{% degree_badge a.degree a.count %}") == (
        '{% include "includes/degree_badge.html" with degree=a.degree mutual_count=a.count %}'
    )
    assert (
        _as_before('<a href="{{ m.pk|route:"profile" }}">')
        == "<a href=\"{% url 'profile' m.pk %}\">"
    )


@pytest.fixture
def pages(connect: Callable[[User, User], None]) -> tuple[User, list[tuple[str, dict[str, str]]]]:
    viewer = UserFactory.create(first_name="Vera", last_name="Viewer")
    target = UserFactory.create(first_name="Tomas", last_name="Target")
    friends = [UserFactory.create(first_name=f"Analyst{n}") for n in range(4)]
    for friend in friends:
        connect(viewer, friend)
        connect(friend, target)
    stranger = UserFactory.create(first_name="Analyst", last_name="Stranger")
    connect(friends[0], stranger)  # a 2nd-degree suggestion with a mutual connection
    received = UserFactory.create(first_name="Analyst", last_name="Sender")
    connection_services.invitation_send(sender=received, recipient_id=viewer.pk, note="Hi")
    connection_services.invitation_send(
        sender=viewer, recipient_id=UserFactory.create(first_name="Analyst").pk
    )
    # Days old: "3 days ago" reads the same in both renders ("now" may not).
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=3))
    group = group_services.group_create(creator=viewer, name="Analysts")
    for member in [*friends[:2], stranger, target]:
        group_services.group_join(member=member, group_id=group.pk)
    return viewer, [
        (reverse("my_network"), {}),
        (reverse("groups:members", args=[group.pk]), {}),
        (reverse("mutual_connections", args=[target.pk]), {}),
        (reverse("search:people") + "?q=analyst", {}),
        (reverse("search:typeahead") + "?q=ana", {"HX-Request": "true"}),
    ]


def test_every_list_page_renders_as_before(
    client: Client, pages: tuple[User, list[tuple[str, dict[str, str]]]]
) -> None:
    viewer, paths = pages
    client.force_login(viewer)
    now = {path: _html(client, path, **headers) for path, headers in paths}
    with override_settings(TEMPLATES=_templates_before()):
        before = {path: _html(client, path, **headers) for path, headers in paths}
    for path, _headers in paths:
        assert now[path] == before[path], path
    assert "badge-degree-2" in now[reverse("search:people") + "?q=analyst"]
    assert "avatar-initials" in now[reverse("my_network")]
