"""Benchmark messaging at scale: inbox, open conversation and send, through the selectors and
services (no HTTP), on a dataset of its own.

The data lives in a separate database this command creates (`--database`, default
proconnect_bench_messaging), migrates, fills with COPY and drops at the end (unless --keep):
the development data is never touched. Prints p50/p95 per operation and writes JSON to
var/bench/messaging.json.

    manage.py bench_messaging --members 10000 --messages 1000000
"""

import io
import json
import os
import platform
import random
import statistics
import time
from argparse import ArgumentParser
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models

from accounts.models import Profile, User
from connections.models import Connection, ConnectionCount
from messaging import policies, selectors, services, tasks
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


def _copy_value(value: Any) -> str:
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "{" + ",".join(str(item) for item in value) + "}"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ").replace("\r", " ")


def copy_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY rows into the model's table; columns not given get the model field's default."""
    defaults = [
        (item.column, item.get_default())
        for item in model._meta.concrete_fields
        if item.column not in columns and not isinstance(item, models.AutoField)
    ]
    names = [*columns, *(str(column) for column, _ in defaults)]
    tail = [_copy_value(value) for _, value in defaults]
    count = 0
    buffer = io.StringIO()

    def flush() -> None:
        buffer.seek(0)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {model._meta.db_table} ({', '.join(names)}) FROM STDIN", buffer
            )
        buffer.seek(0)
        buffer.truncate()

    for row in rows:
        buffer.write("\t".join([*(_copy_value(value) for value in row), *tail]) + "\n")
        count += 1
        if count % 200_000 == 0:
            flush()
    flush()
    return count


def _reset_sequences(*tables: str) -> None:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"coalesce((SELECT max(id) FROM {table}), 1))"
            )


@dataclass
class Dataset:
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

    def build(self, say: Callable[[str], None]) -> dict[str, float]:
        timings: dict[str, float] = {}
        for name, step in (
            ("members", self._members),
            ("connections", self._connections),
            ("conversations", self._conversations),
            ("messages", self._messages),
            ("participants", self._participants),
            ("vacuum_analyze", self._analyze),
        ):
            started = time.perf_counter()
            step()
            timings[name] = round(time.perf_counter() - started, 1)
            say(f"  {name}: {timings[name]} s")
        return timings

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

    def _analyze(self) -> None:
        # What autovacuum does to a table in steady state: statistics and the visibility map
        # (index-only scans for unread counts).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "count": len(values),
        "p50_ms": round(percentile(values, 0.50), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "p99_ms": round(percentile(values, 0.99), 2),
        "mean_ms": round(statistics.fmean(values), 2),
        "max_ms": round(max(values), 2),
    }


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


class Command(BaseCommand):
    help = "Benchmark inbox, open conversation and send on a separate, generated database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--members", type=int, default=10_000)
        parser.add_argument("--messages", type=int, default=1_000_000)
        parser.add_argument("--samples", type=int, default=500, help="Timed calls per operation.")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--database", default="proconnect_bench_messaging")
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var/bench"))

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["database"]
        if "bench" not in name or not name.replace("_", "").isalnum():
            raise CommandError("The benchmark database name must contain 'bench' (a-z, 0-9, _).")
        if options["members"] < 1_000:
            raise CommandError("Use at least 1,000 members.")
        settings.DEBUG = False  # no query log: it would be measured too
        original = connection.settings_dict["NAME"]
        with self._database(name, keep=options["keep"]):
            self.stdout.write(
                f"Building {options['members']:,} members and {options['messages']:,} "
                f"messages in database {name}…"
            )
            dataset = Dataset(options["members"], options["messages"], options["seed"])
            build = dataset.build(self.stdout.write)
            sizes = self._sizes()
            results = self._measure(dataset, options["samples"])
        report = {
            "command": f"manage.py bench_messaging --members {options['members']} "
            f"--messages {options['messages']} --samples {options['samples']}",
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "postgresql": self._server_version,
            },
            "database": {"name": name, "dropped_after": not options["keep"], "was": original},
            "sizes": sizes,
            "build_seconds": build,
            "results": results,
            "target_p95_ms": 20,
        }
        self._print(results)
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        (output / "messaging.json").write_text(json.dumps(report, indent=2) + "\n")
        self.stdout.write(f"Wrote {output / 'messaging.json'}")

    _server_version = ""

    @contextmanager
    def _database(self, name: str, *, keep: bool) -> Iterator[None]:
        original = connection.settings_dict["NAME"]
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        connection.settings_dict["NAME"] = name
        try:
            call_command("migrate", verbosity=0, interactive=False)
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                self._server_version = cursor.fetchone()[0]
            yield
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
            if not keep:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def _sizes(self) -> dict[str, int]:
        return {
            "members": User.objects.count(),
            "connection_rows": Connection.objects.count(),
            "conversations": Conversation.objects.count(),
            "group_conversations": Conversation.objects.filter(is_group=True).count(),
            "participants": Participant.objects.count(),
            "messages": Message.objects.count(),
            "largest_conversation": Message.objects.values("conversation_id")
            .annotate(n=models.Count("id"))
            .order_by("-n")
            .values_list("n", flat=True)
            .first()
            or 0,
            "most_conversations_of_a_member": Participant.objects.values("member_id")
            .annotate(n=models.Count("id"))
            .order_by("-n")
            .values_list("n", flat=True)
            .first()
            or 0,
        }

    def _measure(self, dataset: Dataset, samples: int) -> dict[str, dict[str, float]]:
        rng = random.Random(dataset.seed + 1)
        members = {member.pk: member for member in User.objects.all()}
        conversations = dataset.conversations

        def pick_member() -> User:
            # One in ten is a hub (hundreds of conversations).
            hub = rng.random() < 0.1
            return members[rng.randrange(1, HUBS + 1) if hub else rng.randrange(1, len(members))]

        def pick_conversation() -> int:
            if rng.random() < 0.1:  # one in ten is a hot conversation (thousands of messages)
                return rng.choice(dataset.hot)
            return rng.randrange(1, len(conversations) + 1)

        def inbox() -> None:
            member = pick_member()

            def run() -> None:
                list(selectors.inbox_for(member)[:25])
                selectors.unread_total(member)

            timings["inbox"].append(timed(run))

        def open_conversation() -> None:
            conversation_id = pick_conversation()
            member = members[rng.choice(conversations[conversation_id - 1])]

            def run() -> None:
                seat = selectors.access_conversation(member=member, conversation_id=conversation_id)
                list(selectors.messages_for(seat)[:30])
                seats = selectors.conversation_seats(conversation_id)
                policies.message_send_block_reason(
                    sender=member,
                    other_ids=[s.member_id for s in seats if s.member_id != member.pk],
                )
                services.seat_mark_read(seat)

            timings["open_conversation"].append(timed(run))

        def send() -> None:
            conversation_id = pick_conversation()
            people = conversations[conversation_id - 1]
            member = members[rng.choice(people)]
            body = " ".join(rng.choices(WORDS, k=12))
            timings["send"].append(
                timed(
                    lambda: services.message_send(
                        sender=member, conversation_id=conversation_id, body=body
                    )
                )
            )

        timings: dict[str, list[float]] = {"inbox": [], "open_conversation": [], "send": []}
        # The notification task is enqueued after commit: not part of the send itself.
        with mock.patch.object(tasks.notify_new_message_task, "delay"):
            for operation in (inbox, open_conversation, send):
                for _ in range(20):  # warm-up: connections, plans, caches
                    operation()
                for values in timings.values():
                    values.clear()
            for _ in range(samples):  # interleaved, as real traffic is
                inbox()
                open_conversation()
                send()
        return {name: summary(values) for name, values in timings.items()}

    def _print(self, results: dict[str, dict[str, float]]) -> None:
        header = (
            f"{'operation':<20}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for name, row in results.items():
            self.stdout.write(
                f"{name:<20}{row['count']:>7}{row['p50_ms']:>9.2f}{row['p95_ms']:>9.2f}"
                f"{row['p99_ms']:>9.2f}{row['max_ms']:>9.2f}"
            )
