"""bench_messaging's dataset, filled with COPY: members in rings of connections (and hubs),
1:1 and group conversations, messages (a quarter in a few hot conversations) and seats."""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connection

from accounts.models import Profile, User
from connections.models import Connection, ConnectionCount
from devtools.generator.copy import confirm_every_address
from devtools.generator.copy import copy_model_rows as copy_rows
from devtools.reporting import StepwiseBuild
from messaging.models import Conversation, Message, Participant

OFFSETS = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987]  # 30 connections each
CHAT_OFFSETS = [1, 2, 3, 5, 8, 13]  # 1:1 conversations per member: 12 on average
HUBS = 20  # members with many connections and conversations
HUB_CONNECTIONS = 1_000
HUB_CONVERSATIONS = 300
HOT_CONVERSATIONS = 50  # 1:1 conversations that get a quarter of all messages
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
    "migration",
    "roadmap",
    "hiring",
    "plan",
    "quarterly",
    "review",
    "conference",
    "talk",
    "slides",
    "coffee",
    "meeting",
    "project",
    "launch",
    "customer",
    "feedback",
    "design",
    "proposal",
    "budget",
    "contract",
    "offer",
    "interview",
]
FIRST = ["Ana", "Bruno", "Carla", "Diego", "Eva", "Filipe", "Gina", "Hugo", "Ines", "Joao"]
LAST = ["Silva", "Costa", "Dias", "Moreira", "Santos", "Pereira", "Lopes", "Ramos"]
STARTED = datetime(2026, 1, 1, tzinfo=UTC)


def _reset_sequences(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table}), 1))"
            )


@dataclass
class Dataset(StepwiseBuild):
    members: int
    messages: int
    seed: int
    rng: random.Random = field(init=False)
    pairs: set[tuple[int, int]] = field(default_factory=set)
    conversations: list[list[int]] = field(default_factory=list)  # index = id - 1
    hot: list[int] = field(default_factory=list)
    last_message: dict[int, tuple[int, int, datetime]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    STEPS = (
        "members",
        "connections",
        "conversations",
        "messages",
        "participants",
        "vacuum_analyze",
    )

    def _members(self) -> None:
        ids = range(1, self.members + 1)
        copy_rows(
            User,
            ["id", "email", "first_name", "last_name", "password", "date_joined"],
            (
                (
                    n,
                    f"bench{n}@bench.example",
                    FIRST[n % len(FIRST)],
                    f"{LAST[n % len(LAST)]} {n}",
                    "!",
                    STARTED,
                )
                for n in ids
            ),
        )
        copy_rows(
            Profile,
            ["member_id", "headline", "updated_at"],
            ((n, f"Engineer number {n}", STARTED) for n in ids),
        )
        _reset_sequences(User._meta.db_table)
        with connection.cursor() as cursor:
            confirm_every_address(cursor)  # members who may message (EMAIL_CONFIRMATION_REQUIRED)

    def _pair(self, first: int, second: int) -> tuple[int, int]:
        return (first, second) if first < second else (second, first)

    def _connections(self) -> None:
        count = self.members
        for member in range(1, count + 1):
            for offset in OFFSETS:
                other = (member - 1 + offset) % count + 1
                if other != member:
                    self.pairs.add(self._pair(member, other))
        for hub in range(1, HUBS + 1):
            others = range(HUBS + 1, count + 1)
            for other in self.rng.sample(others, min(HUB_CONNECTIONS, len(others) // 2)):
                self.pairs.add(self._pair(hub, other))
        degree: dict[int, int] = dict.fromkeys(range(1, count + 1), 0)
        for low, high in self.pairs:
            degree[low] += 1
            degree[high] += 1

        def rows() -> Iterator[tuple[int, int, datetime]]:
            for low, high in self.pairs:
                yield (low, high, STARTED)
                yield (high, low, STARTED)

        copy_rows(Connection, ["member_id", "other_id", "created_at"], rows())
        copy_rows(ConnectionCount, ["member_id", "count"], degree.items())
        _reset_sequences(Connection._meta.db_table)

    def _conversations(self) -> None:
        count = self.members
        seen: set[tuple[int, int]] = set()
        for member in range(1, count + 1):
            for offset in CHAT_OFFSETS:
                pair = self._pair(member, (member - 1 + offset) % count + 1)
                if pair[0] != pair[1] and pair not in seen:
                    seen.add(pair)
                    self.conversations.append(list(pair))
        for hub in range(1, HUBS + 1):
            partners = sorted(other for low, other in self.pairs if low == hub and other > HUBS)
            for other in self.rng.sample(partners, min(HUB_CONVERSATIONS, len(partners))):
                pair = self._pair(hub, other)
                if pair not in seen:
                    seen.add(pair)
                    self.conversations.append(list(pair))
        one_to_one = len(self.conversations)
        self.hot = self.rng.sample(range(1, one_to_one + 1), HOT_CONVERSATIONS)
        for _ in range(count // 5):  # groups of four, pairwise connected (offsets 1, 2, 3)
            first = self.rng.randrange(1, count - 3)
            self.conversations.append([first, first + 1, first + 2, first + 3])
        copy_rows(
            Conversation,
            ["id", "is_group", "title", "pair_low_id", "pair_high_id", "created_at"],
            (
                (
                    index,
                    len(people) > 2,
                    "Project group" if len(people) > 2 else "",
                    people[0] if len(people) == 2 else None,
                    people[1] if len(people) == 2 else None,
                    STARTED,
                )
                for index, people in enumerate(self.conversations, start=1)
            ),
        )
        _reset_sequences(Conversation._meta.db_table)

    def _messages(self) -> None:
        total = len(self.conversations)
        weights = [1.0] * total
        for conversation_id in self.hot:  # a quarter of the messages in 50 conversations
            weights[conversation_id - 1] = total / 3 / HOT_CONVERSATIONS
        step = timedelta(seconds=(300 * 86_400) / max(self.messages, 1))
        rng = self.rng

        def rows() -> Iterator[tuple[Any, ...]]:
            produced = 0
            while produced < self.messages:
                chunk = min(100_000, self.messages - produced)
                picks = rng.choices(range(1, total + 1), weights=weights, k=chunk)
                for conversation_id in picks:
                    produced += 1
                    people = self.conversations[conversation_id - 1]
                    sender = people[rng.randrange(len(people))]
                    created = STARTED + step * produced
                    self.last_message[conversation_id] = (produced, sender, created)
                    words = rng.choices(WORDS, k=rng.randrange(3, 30))
                    if produced % 17 == 0:
                        words.append("https://example.com/doc")
                    yield (produced, conversation_id, sender, " ".join(words), "text", created)

        copy_rows(
            Message, ["id", "conversation_id", "sender_id", "body", "kind", "created_at"], rows()
        )
        _reset_sequences(Message._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE messaging_conversation c
                SET last_message_id = m.id, last_message_at = m.created_at
                FROM (
                    SELECT DISTINCT ON (conversation_id) conversation_id, id, created_at
                    FROM messaging_message ORDER BY conversation_id, id DESC
                ) m
                WHERE m.conversation_id = c.id
                """
            )

    def _participants(self) -> None:
        rng = self.rng

        def rows() -> Iterator[tuple[Any, ...]]:
            for conversation_id, people in enumerate(self.conversations, start=1):
                last_id, sender, created = self.last_message.get(conversation_id, (0, 0, STARTED))
                for member in people:
                    if member == sender or rng.random() < 0.7:
                        read = last_id  # read everything
                    else:
                        read = max(0, last_id - rng.randrange(1, 2_000))  # some unread
                    yield (conversation_id, member, STARTED, 0, read, read, created)

        copy_rows(
            Participant,
            [
                "conversation_id",
                "member_id",
                "joined_at",
                "joined_after_message_id",
                "last_read_message_id",
                "digested_message_id",
                "last_activity_at",
            ],
            rows(),
        )
        _reset_sequences(Participant._meta.db_table)

    def _vacuum_analyze(self) -> None:
        # What autovacuum does to a table in steady state: statistics and the visibility map
        # (index-only scans for unread counts).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
