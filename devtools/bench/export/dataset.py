"""bench_export's dataset, filled with COPY: one member (id 1) at the connection cap, 1:1
conversations with the first of them holding the messages, posts, comments, groups and
pending invitations; every other member is a plain connection."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection

from accounts.models import Profile, User
from connections.models import Connection, ConnectionCount, Invitation
from devtools.generator.copy import copy_model_rows as copy_rows
from devtools.generator.copy import pause_triggers, resume_triggers
from devtools.reporting import StepwiseBuild
from feed.models import Comment, Post
from groups.models import Group, Membership
from messaging.models import Conversation, Message, Participant

MEMBER = 1
STARTED = datetime(2026, 1, 1, tzinfo=UTC)
WORDS = [
    "thanks",
    "for",
    "the",
    "intro",
    "let's",
    "catch",
    "up",
    "next",
    "week",
    "about",
    "the",
    "data",
    "platform",
    "roadmap",
]


def _reset_sequences(*models: Any) -> None:
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table}), 1))"
            )


@dataclass
class Dataset(StepwiseBuild):
    connections: int
    messages: int
    conversations: int
    posts: int = 1_000
    invitations: int = 500
    groups: int = 20

    @property
    def members(self) -> int:
        return 1 + self.connections + self.invitations

    STEPS = (
        "members",
        "connections",
        "invitations",
        "messages",
        "posts",
        "groups",
        "vacuum_analyze",
    )

    def _members(self) -> None:
        # The search documents' row triggers are paused: the export never reads them, and
        # they would run once per copied row.
        with connection.cursor() as cursor:
            paused = pause_triggers(cursor, [User._meta.db_table, Profile._meta.db_table])
        try:
            self._copy_members()
        finally:
            with connection.cursor() as cursor:
                resume_triggers(cursor, paused)

    def _copy_members(self) -> None:
        ids = range(1, self.members + 1)
        copy_rows(
            User,
            [
                "id",
                "email",
                "first_name",
                "last_name",
                "password",
                "date_joined",
                "show_email_to_connections",
            ],
            (
                (n, f"bench{n}@bench.example", "Member", f"Number {n}", "!", STARTED, n % 2 == 0)
                for n in ids
            ),
        )
        copy_rows(
            Profile,
            ["member_id", "headline", "skills", "updated_at"],
            ((n, f"Engineer number {n}", ["SQL", "Python"], STARTED) for n in ids),
        )
        _reset_sequences(User)

    def _connections(self) -> None:
        others = range(2, self.connections + 2)

        def rows() -> Iterator[tuple[int, int, datetime]]:
            for other in others:
                yield (MEMBER, other, STARTED)
                yield (other, MEMBER, STARTED)

        copy_rows(Connection, ["member_id", "other_id", "created_at"], rows())
        counts = [(MEMBER, self.connections), *((other, 1) for other in others)]
        copy_rows(ConnectionCount, ["member_id", "count"], counts)
        _reset_sequences(Connection)

    def _invitations(self) -> None:
        first = self.connections + 2
        copy_rows(
            Invitation,
            ["sender_id", "recipient_id", "note", "status", "created_at"],
            (
                (sender, MEMBER, "Hello, let's connect", "pending", STARTED)
                for sender in range(first, first + self.invitations)
            ),
        )
        _reset_sequences(Invitation)

    def _messages(self) -> None:
        count = min(self.conversations, self.connections)
        copy_rows(
            Conversation,
            ["id", "is_group", "title", "pair_low_id", "pair_high_id", "created_at"],
            ((n, False, "", MEMBER, n + 1, STARTED) for n in range(1, count + 1)),
        )
        step = timedelta(seconds=86_400 * 300 / max(self.messages, 1))

        def rows() -> Iterator[tuple[Any, ...]]:
            for n in range(1, self.messages + 1):
                conversation = (n - 1) % count + 1
                sender = MEMBER if n % 2 else conversation + 1
                body = " ".join(WORDS[: 5 + n % 10])
                yield (n, conversation, sender, body, "text", STARTED + step * n)

        copy_rows(
            Message, ["id", "conversation_id", "sender_id", "body", "kind", "created_at"], rows()
        )
        copy_rows(
            Participant,
            ["conversation_id", "member_id", "joined_at", "last_activity_at"],
            (
                (n, member, STARTED, STARTED)
                for n in range(1, count + 1)
                for member in (MEMBER, n + 1)
            ),
        )
        _reset_sequences(Conversation, Message, Participant)

    def _posts(self) -> None:
        copy_rows(
            Post,
            ["id", "author_id", "kind", "status", "body", "created_at"],
            (
                (n, MEMBER, "status", "published", f"Post {n}", STARTED)
                for n in range(1, self.posts + 1)
            ),
        )
        copy_rows(
            Comment,
            ["post_id", "author_id", "body", "created_at"],
            ((n, MEMBER, f"Comment on {n}", STARTED) for n in range(1, self.posts + 1)),
        )
        _reset_sequences(Post, Comment)

    def _groups(self) -> None:
        copy_rows(
            Group,
            ["id", "name", "created_by_id", "member_count", "created_at"],
            ((n, f"Group {n}", MEMBER, 1, STARTED) for n in range(1, self.groups + 1)),
        )
        copy_rows(
            Membership,
            ["group_id", "member_id", "role", "created_at"],
            ((n, MEMBER, "owner", STARTED) for n in range(1, self.groups + 1)),
        )
        _reset_sequences(Group, Membership)

    def _vacuum_analyze(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
