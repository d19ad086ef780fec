"""Benchmark messaging at scale: inbox, open conversation and send, through the selectors and
services (no HTTP), on a dataset of its own.

The data lives in a separate database this command creates (`--database`, default
proconnect_bench_messaging), migrates, fills with COPY and drops at the end (unless --keep):
the development data is never touched. Prints p50/p95 per operation and writes JSON to
var/bench/messaging.json.
"""

import os
import platform
import random
import statistics
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.db import connection, models

from accounts.models import User
from connections.models import Connection
from devtools.bench.database import own_database
from devtools.bench.messaging.dataset import HUBS, WORDS, Dataset
from devtools.celery_capture import tasks_recorded
from devtools.reporting import nearest_rank, timed_ms, write_json
from messaging import policies, selectors, services
from messaging.models import Conversation, Message, Participant


def summary(values: list[float]) -> dict[str, float]:
    return {
        "count": len(values),
        "p50_ms": round(nearest_rank(values, 0.50), 2),
        "p95_ms": round(nearest_rank(values, 0.95), 2),
        "p99_ms": round(nearest_rank(values, 0.99), 2),
        "mean_ms": round(statistics.fmean(values), 2),
        "max_ms": round(max(values), 2),
    }


class MessagingBench:
    """One run: the own database built, every operation timed, the report printed and written."""

    _server_version = ""

    def __init__(self, stdout: OutputWrapper) -> None:
        self.stdout = stdout

    def run(self, options: dict[str, Any]) -> None:
        name = options["database"]
        if "bench" not in name or not name.replace("_", "").isalnum():
            raise CommandError("The benchmark database name must contain 'bench' (a-z, 0-9, _).")
        if options["members"] < 1_000:
            raise CommandError("Use at least 1,000 members.")
        settings.DEBUG = False  # no query log: it would be measured too
        original = connection.settings_dict["NAME"]
        with own_database(name, keep=options["keep"]) as self._server_version:
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
        output = Path(options["output"]) / "messaging.json"
        write_json(output, report)
        self.stdout.write(f"Wrote {output}")

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

            timings["inbox"].append(timed_ms(run))

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

            timings["open_conversation"].append(timed_ms(run))

        def send() -> None:
            conversation_id = pick_conversation()
            people = conversations[conversation_id - 1]
            member = members[rng.choice(people)]
            body = " ".join(rng.choices(WORDS, k=12))
            timings["send"].append(
                timed_ms(
                    lambda: services.message_send(
                        sender=member, conversation_id=conversation_id, body=body
                    )
                )
            )

        timings: dict[str, list[float]] = {"inbox": [], "open_conversation": [], "send": []}
        # The notification task is enqueued after commit: not part of the send itself, so it is
        # recorded instead of sent (and never run).
        with tasks_recorded():
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
