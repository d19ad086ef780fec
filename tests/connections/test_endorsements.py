"""Endorsements: the 1st-degree rule, one per skill and endorser, removal with the connection
and with the skill, what a profile shows of them (constant queries), the API, the page, and
concurrent endorsing and removal."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.exceptions import MemberNotFound
from accounts.models import Endorsement, Profile, User
from accounts.selectors import access_member
from connections import services
from connections.endorsements import endorsement_create, endorsement_delete
from connections.exceptions import NotFirstDegree, SkillNotListed
from connections.selectors import skill_endorsements
from core.exceptions import DomainError, InvalidInput, SelfAction
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.groups.conftest import third
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db
__all__ = ["third"]  # a fixture


def skills(member: User, *names: str) -> None:
    account_services.profile_update(member=member, skills=list(names))


def rows() -> list[tuple[int, int, str]]:
    return sorted(Endorsement.objects.values_list("member_id", "endorser_id", "skill"))


@pytest.fixture
def unchanged(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    @contextmanager
    def _unchanged(error: type[DomainError], code: str | None = None) -> Iterator[None]:
        before = rows()
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(error) as info:
            yield
        assert rows() == before and callbacks == []
        if code:
            assert info.value.code == code

    return _unchanged


@pytest.fixture
def pair(member: User, other: User) -> tuple[User, User]:
    """`other` lists skills and is `member`'s connection."""
    skills(other, "Python", "Django", "Team leadership")
    connect_members(member, other)
    return member, other


def test_endorse_a_connections_skill_once(pair: tuple[User, User]) -> None:
    member, other = pair
    endorsement, created = endorsement_create(endorser=member, member_id=other.pk, skill="python")
    assert created and endorsement.skill == "python"
    again, created = endorsement_create(endorser=member, member_id=other.pk, skill=" PYTHON ")
    assert not created and again.pk == endorsement.pk
    endorsement_create(endorser=member, member_id=other.pk, skill="team   leadership")
    assert rows() == [
        (other.pk, member.pk, "python"),
        (other.pk, member.pk, "team leadership"),
    ]
    endorsement_delete(endorser=member, member_id=other.pk, skill="Python")
    endorsement_delete(endorser=member, member_id=other.pk, skill="Python")  # idempotent
    assert rows() == [(other.pk, member.pk, "team leadership")]


def test_endorse_refusals(pair: tuple[User, User], third: User, unchanged) -> None:
    member, other = pair
    skills(third, "Python")
    skills(member, "Python")
    with unchanged(NotFirstDegree, "not_first_degree"):
        endorsement_create(endorser=third, member_id=other.pk, skill="Python")
    connect_members(other, third)  # 2nd degree to member
    with unchanged(NotFirstDegree):
        endorsement_create(endorser=member, member_id=third.pk, skill="Python")
    with unchanged(SkillNotListed, "skill_not_found"):
        endorsement_create(endorser=member, member_id=other.pk, skill="Cobol")
    with unchanged(SkillNotListed):
        endorsement_create(endorser=member, member_id=other.pk, skill="x" * 10_000)
    with unchanged(SelfAction):
        endorsement_create(endorser=member, member_id=member.pk, skill="Python")
    with unchanged(MemberNotFound):
        endorsement_create(endorser=member, member_id=10**9, skill="Python")
    for bad in ("", "   ", None, ["Python"], 3):
        with unchanged(InvalidInput):
            endorsement_create(endorser=member, member_id=other.pk, skill=bad)
    account_services.block_create(blocker=other, blocked_id=third.pk)
    with unchanged(MemberNotFound):  # blocked: no such member
        endorsement_create(endorser=third, member_id=other.pk, skill="Python")


def test_endorsements_go_with_the_connection(pair: tuple[User, User], third: User) -> None:
    member, other = pair
    skills(member, "Go")
    connect_members(other, third)
    endorsement_create(endorser=member, member_id=other.pk, skill="Python")
    endorsement_create(endorser=other, member_id=member.pk, skill="Go")
    endorsement_create(endorser=third, member_id=other.pk, skill="Python")
    services.connection_remove(member=other, other_id=member.pk)
    assert rows() == [(other.pk, third.pk, "python")]  # the other connection's stays
    services.member_block(blocker=third, blocked_id=other.pk)  # a block removes it too
    assert rows() == []


def test_endorsements_go_with_the_skill(pair: tuple[User, User]) -> None:
    member, other = pair
    for skill in ("Python", "Django"):
        endorsement_create(endorser=member, member_id=other.pk, skill=skill)
    skills(other, "django", "Rust")  # renamed in case: kept; Python dropped
    assert rows() == [(other.pk, member.pk, "django")]
    account_services.profile_update(member=other, headline="No skills change")
    assert rows() == [(other.pk, member.pk, "django")]
    skills(other)
    assert rows() == []


def test_profile_shows_counts_three_connections_and_mine(
    pair: tuple[User, User], django_assert_num_queries
) -> None:
    member, other = pair
    fans = UserFactory.create_batch(5)
    for fan in fans:
        connect_members(other, fan)
        endorsement_create(endorser=fan, member_id=other.pk, skill="Python")
    for fan in fans[:4]:
        connect_members(member, fan)  # four of the viewer's connections endorsed Python
    endorsement_create(endorser=member, member_id=other.pk, skill="Django")
    User.objects.filter(pk=fans[0].pk).update(is_active=False)  # not counted, not shown
    other = access_member(viewer=member, member_id=other.pk)
    with django_assert_num_queries(2):
        shown = skill_endorsements(viewer=member, member=other)
        [person.profile for item in shown for person in item.endorsed_by_connections]
    assert [(s.skill, s.endorsements_count, s.endorsed_by_me) for s in shown] == [
        ("Python", 4, False),
        ("Django", 1, True),
        ("Team leadership", 0, False),
    ]
    assert [p.pk for p in shown[0].endorsed_by_connections] == [f.pk for f in fans[3:0:-1]]
    assert [p.pk for p in shown[1].endorsed_by_connections] == []  # the viewer is not shown
    own = skill_endorsements(viewer=other, member=other)  # the member sees theirs
    assert [p.pk for p in own[0].endorsed_by_connections] == [f.pk for f in fans[4:1:-1]]


def _endorsed_by(size: int, member: User, other: User) -> None:
    for _ in range(size):
        fan = UserFactory.create()
        connect_members(other, fan)
        connect_members(member, fan)
        for skill in ("Python", "Django", "Team leadership"):
            endorsement_create(endorser=fan, member_id=other.pk, skill=skill)


def _count(call: Callable[[], Any]) -> int:
    call()  # warm the process's graph caches
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("where", ["api-member", "api-me", "page"])
def test_profile_query_count_does_not_grow(pair: tuple[User, User], where: str) -> None:
    member, other = pair
    api, page = APIClient(), Client()
    api.force_authenticate(member)
    page.force_login(member)
    if where == "api-me":
        api.force_authenticate(other)
    calls = {
        "api-member": lambda: api.get(url("member", member_id=other.pk)),
        "api-me": lambda: api.get(url("me")),
        "page": lambda: page.get(f"/in/{other.pk}/"),
    }
    _endorsed_by(1, member, other)
    small = _count(calls[where])
    _endorsed_by(6, member, other)
    large = _count(calls[where])
    assert small == large, (small, large)


def test_api(pair: tuple[User, User], third: User) -> None:
    member, other = pair
    api = APIClient()
    api.force_authenticate(member)
    path = url("member-endorsements", member_id=other.pk)
    created = api.post(path, {"skill": "Python"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["member"] == other.pk and created.json()["skill"] == "python"
    assert api.post(path, {"skill": "python"}, format="json").status_code == 200
    profile = api.get(url("member", member_id=other.pk)).json()
    assert profile["skills"] == ["Python", "Django", "Team leadership"]
    assert profile["skill_endorsements"][0] == {
        "skill": "Python",
        "endorsements_count": 1,
        "endorsed_by_connections": [],
        "endorsed_by_me": True,
    }
    own = APIClient()
    own.force_authenticate(other)
    mine = own.get(url("me")).json()["skill_endorsements"][0]
    assert mine["endorsements_count"] == 1
    assert mine["endorsed_by_connections"][0]["id"] == member.pk
    assert mine["endorsed_by_connections"][0]["degree"] == 1

    before = rows()
    assert_error(api.post(path, {"skill": "Cobol"}, format="json"), 404, "skill_not_found")
    assert_error(api.post(path, {}, format="json"), 400, "invalid")
    assert_error(api.post(path, {"skill": "x" * 300}, format="json"), 400, "invalid")
    outsider = APIClient()
    outsider.force_authenticate(third)
    assert_error(outsider.post(path, {"skill": "Python"}), 403, "not_first_degree")
    assert_error(
        api.post(url("member-endorsements", member_id=10**9), {"skill": "Python"}),
        404,
        "member_not_found",
    )
    assert_error(APIClient().post(path, {"skill": "Python"}), 401, "not_authenticated")
    assert rows() == before
    # A 3rd-degree viewer of a profile whose skills are hidden gets null.
    hidden = outsider.get(url("member", member_id=other.pk)).json()
    assert hidden["skills"] is None and hidden["skill_endorsements"] is None

    withdraw = api.delete(f"{path}/Python")
    assert withdraw.status_code == 204 and rows() == []
    assert api.delete(f"{path}/C%2FC%2B%2B").status_code == 204  # any text is a skill name


def test_page_endorse_and_withdraw(pair: tuple[User, User], third: User) -> None:
    member, other = pair
    page = Client()
    page.force_login(member)
    profile = page.get(f"/in/{other.pk}/").content.decode()
    assert "0 endorsements" in profile and "Endorse<span" in profile
    done = page.post(f"/in/{other.pk}/endorse", {"skill": "Django"})
    assert done.status_code == 302 and done["Location"].endswith("#skills-title")
    profile = page.get(f"/in/{other.pk}/").content.decode()
    assert "1 endorsement<" in profile and "Endorsed by you" in profile
    page.post(f"/in/{other.pk}/endorse", {"skill": "Django", "withdraw": "1"})
    assert rows() == []
    refused = page.post(f"/in/{other.pk}/endorse", {"skill": "Cobol"}, follow=True)
    assert "does not list that skill" in refused.content.decode() and rows() == []
    assert page.post("/in/999999999/endorse", {"skill": "x"}).status_code == 404
    outsider = Client()
    outsider.force_login(third)
    assert "Endorse<span" not in outsider.get(f"/in/{other.pk}/").content.decode()
    refused = outsider.post(f"/in/{other.pk}/endorse", {"skill": "Python"}, follow=True)
    assert "1st-degree" in refused.content.decode() and rows() == []
    # Faces and names of the viewer's connections who endorsed.
    connect_members(member, third)
    connect_members(other, third)
    endorsement_create(endorser=third, member_id=other.pk, skill="Python")
    profile = page.get(f"/in/{other.pk}/").content.decode()
    assert f'Endorsed by <a href="/in/{third.pk}/">{third.full_name}</a>' in profile


def _race(calls: list[Callable[[], Any]]) -> list[BaseException]:
    """Run the calls at once, each in its own thread and transaction; return what failed
    other than the refusals a lost race may give."""
    barrier = threading.Barrier(len(calls))
    errors: list[BaseException] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                call()
        except (NotFirstDegree, SkillNotListed):
            pass
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _endorse_while_removing(drop_skill: bool) -> None:
    owner, fan = UserFactory.create_batch(2)
    skills(owner, "Python")
    connect_members(owner, fan)
    removal = (
        partial(skills, owner, "Rust")
        if drop_skill
        else partial(services.connection_remove, member=owner, other_id=fan.pk)
    )
    endorse = partial(endorsement_create, endorser=fan, member_id=owner.pk)
    errors = _race([partial(endorse, skill="Python"), partial(endorse, skill="python"), removal])
    assert errors == []
    assert not Endorsement.objects.filter(member=owner).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("drop_skill", [False, True], ids=["connection-removed", "skill-dropped"])
def test_concurrent_endorse_and_remove_leave_no_orphan(drop_skill: bool) -> None:
    """Endorsing while the connection (or the skill) goes: never an endorsement left over."""
    for _ in range(3):
        _endorse_while_removing(drop_skill)


def test_admin_skill_edits_drop_their_endorsements(pair: tuple[User, User], rf: Any) -> None:
    """The member admin saves skills through its profile inline: the endorsements of a skill
    removed there go as through `profile_update`."""
    from types import SimpleNamespace

    from django.contrib.admin.sites import site

    member, other = pair
    endorsement_create(endorser=member, member_id=other.pk, skill="Python")
    endorsement_create(endorser=member, member_id=other.pk, skill="Django")
    Profile.objects.filter(member=other).update(skills=["Django"])  # what the inline saved
    admin = site._registry[User]
    admin.save_related(
        rf.post("/"), SimpleNamespace(instance=other, save_m2m=lambda: None), [], True
    )
    assert rows() == [(other.pk, member.pk, "django")]
