"""Visibility: the profile policy by degree, the shared block helper, strength."""

from collections.abc import Callable

import pytest
from django.utils import timezone

from accounts import selectors, services
from accounts.exceptions import MemberNotFound
from accounts.models import User
from accounts.policies import ProfileAccess, profile_access, profile_sections
from tests.factories import EducationFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("degree", "allows_out_of_network", "expected"),
    [
        (0, False, ProfileAccess.FULL),
        (1, False, ProfileAccess.FULL),
        (2, False, ProfileAccess.NO_CONTACT),
        (3, False, ProfileAccess.LIMITED),
        (None, True, ProfileAccess.LIMITED),
        (None, False, ProfileAccess.MINIMAL),
    ],
)
def test_profile_access_follows_the_product_table(
    degree: int | None, allows_out_of_network: bool, expected: ProfileAccess
) -> None:
    member = UserFactory.build(profile_visible_to_out_of_network=allows_out_of_network)
    assert profile_access(member=member, degree=degree) is expected


def test_sections_per_access_level() -> None:
    full = profile_sections(ProfileAccess.FULL)
    assert full.contact and full.history and full.summary and full.name
    second = profile_sections(ProfileAccess.NO_CONTACT)
    assert not second.contact and second.history and second.summary
    third = profile_sections(ProfileAccess.LIMITED)
    assert third.name and not third.history and not third.summary and not third.contact
    minimal = profile_sections(ProfileAccess.MINIMAL)
    assert not (minimal.name or minimal.history or minimal.summary or minimal.contact)


class TestBlockHelper:
    def test_hidden_either_way(self, member: User, other: User) -> None:
        third = UserFactory.create()
        assert not selectors.hidden_from_each_other(member.pk, other.pk)
        services.block_create(blocker=other, blocked_id=member.pk)
        assert selectors.hidden_from_each_other(member.pk, other.pk)
        assert selectors.hidden_from_each_other(other.pk, member.pk)
        assert selectors.hidden_member_ids(member.pk) == {other.pk}
        assert selectors.hidden_member_ids(other.pk) == {member.pk}
        assert selectors.hidden_member_ids(third.pk) == set()

    def test_lifted_block_hides_nothing(self, member: User, other: User) -> None:
        services.block_create(blocker=member, blocked_id=other.pk)
        services.block_remove(blocker=member, blocked_id=other.pk)
        assert not selectors.hidden_from_each_other(member.pk, other.pk)
        assert selectors.visible_members(member).filter(pk=other.pk).exists()

    def test_visible_members_excludes_hidden_deactivated_suspended(self, member: User) -> None:
        visible = UserFactory.create()
        blocked_by_me = UserFactory.create()
        blocking_me = UserFactory.create()
        deactivated = UserFactory.create(deactivated_at=timezone.now())
        suspended = UserFactory.create(is_active=False)
        services.block_create(blocker=member, blocked_id=blocked_by_me.pk)
        services.block_create(blocker=blocking_me, blocked_id=member.pk)
        ids = set(selectors.visible_members(member).values_list("pk", flat=True))
        assert visible.pk in ids
        assert ids.isdisjoint(
            {member.pk, blocked_by_me.pk, blocking_me.pk, deactivated.pk, suspended.pk}
        )

    def test_access_member_gives_the_same_not_found(self, member: User, other: User) -> None:
        services.block_create(blocker=other, blocked_id=member.pk)
        with pytest.raises(MemberNotFound) as hidden:
            selectors.access_member(viewer=member, member_id=other.pk)
        with pytest.raises(MemberNotFound) as missing:
            selectors.access_member(viewer=member, member_id=123_456_789)
        assert hidden.value.code == missing.value.code
        assert hidden.value.detail == missing.value.detail
        assert selectors.access_member(viewer=member, member_id=member.pk) == member

    def test_deactivated_member_still_sees_themselves(self) -> None:
        member = UserFactory.create(deactivated_at=timezone.now())
        assert selectors.access_member(viewer=member, member_id=member.pk) == member


class TestProfileStrength:
    def test_empty_profile_gets_hints(self) -> None:
        member = UserFactory.create(
            profile__headline="",
            profile__industry="",
            profile__location="",
            profile__current_company="",
            profile__current_title="",
        )
        strength = selectors.profile_strength(member)
        assert strength.percent == 0
        assert "Add a photo so people recognise you." in strength.hints
        assert "Add your current position." in strength.hints

    def test_complete_profile_scores_more(self, member: User) -> None:
        PositionFactory.create(member=member)
        EducationFactory.create(member=member)
        services.profile_update(member=member, summary="Hi", skills=["a", "b", "c"])
        strength = selectors.profile_strength(
            selectors.access_member(viewer=member, member_id=member.pk)
        )
        assert strength.percent == 85  # everything but the photo
        assert strength.hints == ["Add a photo so people recognise you."]


def test_degree_between_counts_hops(connect: Callable[[User, User], None]) -> None:
    from network.selectors import degree_between

    a, b, c, d, e = UserFactory.create_batch(5)
    connect(a, b)
    connect(b, c)
    connect(c, d)
    assert degree_between(viewer=a, member=a) == 0
    assert degree_between(viewer=a, member=b) == 1
    assert degree_between(viewer=a, member=c) == 2
    assert degree_between(viewer=a, member=d) == 3
    assert degree_between(viewer=a, member=e) is None
