"""Appealing a suspension (PRODUCT.md "Standing and appeals"), every branch through the
services: the one appeal of `appeal_create` on the suspension in force, its text rule, nothing
to appeal, the moderators' queue, another moderator deciding, and "lifted" letting the member
log in again (the real log-ins: the page and API tests). Refusals write nothing."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from accounts import services as account_services
from accounts.models import User
from core.exceptions import DomainError, InvalidInput
from moderation import selectors as moderation_selectors
from moderation import services as moderation_services
from moderation.exceptions import SameModerator
from standing import services
from standing.exceptions import AppealExists, NotSuspended
from standing.models import Appeal, AppealStatus, Sanction, SanctionKind
from standing.selectors import suspension_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db: None) -> User:
    return UserFactory.create(first_name="Mona", is_staff=True)


@pytest.fixture
def second_moderator(db: None) -> User:
    return UserFactory.create(first_name="Otto", is_staff=True)


def suspend(member: User, moderator: User, reason: str = "Fake account") -> Sanction:
    return services.sanction_create(
        member=member, kind=SanctionKind.SUSPENSION, reason=reason, by=moderator
    )


def state() -> tuple[object, ...]:
    return (
        sorted(Appeal.objects.values_list("pk", "sanction_id", "status", "text")),
        sorted(Sanction.objects.values_list("pk", "lifted_at")),
        sorted(User.objects.values_list("pk", "is_active")),
    )


@contextmanager
def nothing_written(error: type[DomainError]) -> Iterator[None]:
    before = state()
    with pytest.raises(error):
        yield
    assert state() == before


def test_suspension_of_is_the_latest_suspension_with_its_appeal(
    member: User, moderator: User, django_assert_num_queries
) -> None:
    assert suspension_of(member.pk) is None
    services.sanction_create(member=member, kind=SanctionKind.WARNING, reason="x", by=moderator)
    assert suspension_of(member.pk) is None
    first = suspend(member, moderator, "One")
    services.sanction_lift(sanction=first, by=moderator)
    second = suspend(member, moderator, "Two")
    services.appeal_create(member=member, sanction_id=second.pk, text="Not me")
    with django_assert_num_queries(1):
        found = suspension_of(member.pk)
        assert found is not None and found.pk == second.pk
        assert found.appeal.status == AppealStatus.PENDING


def test_a_suspended_member_appeals_their_suspension_once(member: User, moderator: User) -> None:
    sanction = suspend(member, moderator)
    appeal = services.suspension_appeal_create(member=member, text="  It was not me.  ")
    assert (appeal.sanction_id, appeal.status, appeal.text) == (
        sanction.pk,
        AppealStatus.PENDING,
        "It was not me.",
    )
    with nothing_written(AppealExists):
        services.suspension_appeal_create(member=member, text="Again")
    # The same one appeal as the sanction's own route.
    with nothing_written(AppealExists):
        services.appeal_create(member=member, sanction_id=sanction.pk, text="Again")


@pytest.mark.parametrize("text", ["", "   ", None, 42, "x" * (services.APPEAL_MAX_LENGTH + 1)])
def test_the_text_rule_is_every_appeals(member: User, moderator: User, text: object) -> None:
    suspend(member, moderator)
    with nothing_written(InvalidInput):
        services.suspension_appeal_create(member=member, text=text)


def test_the_longest_text_is_accepted(member: User, moderator: User) -> None:
    suspend(member, moderator)
    text = "x" * services.APPEAL_MAX_LENGTH
    assert services.suspension_appeal_create(member=member, text=text).text == text


def test_nothing_to_appeal_for_a_member_in_good_standing_or_warned(
    member: User, moderator: User
) -> None:
    with nothing_written(NotSuspended):
        services.suspension_appeal_create(member=member, text="Why?")
    services.sanction_create(member=member, kind=SanctionKind.WARNING, reason="x", by=moderator)
    with nothing_written(NotSuspended):
        services.suspension_appeal_create(member=member, text="Why?")


def test_nothing_to_appeal_once_lifted(member: User, moderator: User) -> None:
    sanction = suspend(member, moderator)
    services.sanction_lift(sanction=sanction, by=moderator)
    with nothing_written(NotSuspended):
        services.suspension_appeal_create(member=member, text="Why?")


def test_an_administrators_deactivation_is_not_a_sanction(member: User, moderator: User) -> None:
    account_services.member_deactivate(member=member, by=moderator)
    with nothing_written(NotSuspended):
        services.suspension_appeal_create(member=member, text="Why?")


def test_the_queue_shows_it_and_another_moderator_lifts_it(
    member: User, moderator: User, second_moderator: User
) -> None:
    suspend(member, moderator)
    assert not member.login_allowed
    appeal = services.suspension_appeal_create(member=member, text="It was not me.")
    queued = list(moderation_selectors.appeal_queue())
    assert [(a.pk, a.sanction.kind) for a in queued] == [(appeal.pk, SanctionKind.SUSPENSION)]
    with nothing_written(SameModerator):
        moderation_services.appeal_decide(
            moderator=moderator, appeal_id=appeal.pk, decision="lifted"
        )
    moderation_services.appeal_decide(
        moderator=second_moderator, appeal_id=appeal.pk, decision="lifted", note="Real person"
    )
    member.refresh_from_db()
    assert member.is_active and member.login_allowed and member.suspended_at is None
    assert list(moderation_selectors.appeal_queue()) == []
    with nothing_written(NotSuspended):
        services.suspension_appeal_create(member=member, text="Again")


def test_an_upheld_appeal_keeps_the_suspension(
    member: User, moderator: User, second_moderator: User
) -> None:
    suspend(member, moderator)
    appeal = services.suspension_appeal_create(member=member, text="It was not me.")
    moderation_services.appeal_decide(
        moderator=second_moderator, appeal_id=appeal.pk, decision="upheld"
    )
    member.refresh_from_db()
    assert not member.is_active
    found = suspension_of(member.pk)
    assert found is not None and found.lifted_at is None
    assert found.appeal.status == AppealStatus.UPHELD
    with nothing_written(AppealExists):
        services.suspension_appeal_create(member=member, text="Once more")
