"""Who is who in the seeded demo network: the demo member, their connections, members at 2nd
degree and further, and the demo moderator. Read once from the database after the members
and connections are written, ordered by id, so every run picks the same people."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.db.models import Model
from django.utils import timezone

from accounts.models import User
from accounts.services import member_create
from connections.models import Connection
from devtools.demo.credentials import DEMO_EMAIL, MODERATOR_EMAIL


@dataclass(frozen=True)
class Cast:
    demo: User
    moderator: User
    friends: list[User]  # the demo member's connections
    second: list[User]  # 2nd degree: connected to a friend, not to the demo member
    far: list[User]  # 3rd degree and beyond
    neighbours: dict[int, set[int]]

    def friend(self, position: int) -> User:
        """The demo member's connection at `position`, round the list."""
        return self.friends[position % len(self.friends)]

    def connected(self, first: User, second: User) -> bool:
        return second.pk in self.neighbours[first.pk]


def cast_of_demo() -> Cast:
    """The seeded network's people, read from the database (one query each), plus the demo
    moderator, created here."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for member_id, other_id in Connection.objects.values_list("member_id", "other_id"):
        neighbours[member_id].add(other_id)
    members = User.objects.select_related("profile").in_bulk()
    demo = next(member for member in members.values() if member.email == DEMO_EMAIL)
    friend_ids = neighbours[demo.pk]
    second_ids = {pk for friend in friend_ids for pk in neighbours[friend]} - friend_ids
    second_ids.discard(demo.pk)
    far_ids = set(members) - friend_ids - second_ids - {demo.pk}
    return Cast(
        demo=demo,
        moderator=_moderator(demo),
        friends=[members[pk] for pk in sorted(friend_ids)],
        second=[members[pk] for pk in sorted(second_ids)],
        far=[members[pk] for pk in sorted(far_ids)],
        neighbours=neighbours,
    )


def _moderator(demo: User) -> User:
    """The demo's staff member, who works the moderation queue (the demo password too)."""
    moderator = member_create(
        email=MODERATOR_EMAIL,
        first_name="Morgan",
        last_name="Reyes",
        is_staff=True,
        date_joined=timezone.now() - timedelta(days=60),
    )
    User.objects.filter(pk=moderator.pk).update(password=demo.password)
    EmailAddress.objects.create(user=moderator, email=moderator.email, verified=True, primary=True)
    moderator.profile.headline = "Trust and safety at ProConnect"
    moderator.profile.save(update_fields=["headline"])
    return moderator


def backdate(model: type[Model], pk: int, hours_ago: float) -> None:
    """Move a row's `created_at` into the past: the services write "now", a lived-in network
    has a history. Only the time changes, never what a rule decided."""
    model._default_manager.filter(pk=pk).update(
        created_at=timezone.now() - timedelta(hours=hours_ago)
    )
