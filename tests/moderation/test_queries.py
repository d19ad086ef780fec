"""Every list of trust and safety costs the same number of queries at two data sizes: the
moderators' queue (API and admin), appeals, the audit log, a member's reports and standing."""

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import User
from moderation import services
from standing import services as standing_services
from standing.models import SanctionKind
from tests.factories import UserFactory
from tests.helpers import url

pytestmark = pytest.mark.django_db


def build(size: int, reporter: User, moderator: User) -> None:
    """`size` reported members, each with two reports and a warning with an appeal."""
    for target in UserFactory.create_batch(size):
        for who in (reporter, UserFactory.create()):
            services.report_create(
                reporter=who, target_type="member", target_id=target.pk, reason="spam"
            )
        sanction = standing_services.sanction_create(
            member=target, kind=SanctionKind.WARNING, reason="x", by=moderator
        )
        standing_services.appeal_create(member=target, sanction_id=sanction.pk, text="Why")
        standing_services.sanction_create(
            member=reporter, kind=SanctionKind.RESTRICTION, actions=["post"], reason="x"
        )
        services.log_write(action="warn", moderator=moderator, member_id=target.pk)


def count(call: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        call()
    return len(context)


def counts(fetch: Callable[[], object], reporter: User, moderator: User) -> list[int]:
    build(2, reporter, moderator)
    small = count(fetch)
    build(8, reporter, moderator)
    return [small, count(fetch)]


@pytest.mark.parametrize(
    "name",
    ["moderation-cases", "moderation-appeals", "moderation-log", "my-reports", "my-standing"],
)
def test_api_lists_do_not_grow(name: str, member: User, moderator: User) -> None:
    client = APIClient()
    client.force_authenticate(member if name.startswith("my-") else moderator)

    def fetch() -> None:
        assert client.get(url(name)).status_code == 200

    small, large = counts(fetch, member, moderator)
    assert small == large


@pytest.mark.parametrize(
    "page",
    [
        "admin:moderation_case_changelist",
        "admin:standing_appeal_changelist",
        "admin:moderation_logentry_changelist",
        "moderation:standing",
    ],
)
def test_pages_do_not_grow(page: str, member: User, moderator: User) -> None:
    client = Client()
    client.force_login(member if page.startswith("moderation:") else moderator)

    def fetch() -> None:
        assert client.get(reverse(page)).status_code == 200

    small, large = counts(fetch, member, moderator)
    assert small == large
