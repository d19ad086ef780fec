"""Write a snapshot of the graph that every process on this machine maps (graphcache.snapshot).

    python manage.py graph_snapshot

Run after a bulk load and periodically (Celery beat runs it hourly; ./scripts/start after
seeding). Processes switch to it at once; the files the one before the previous used are
deleted.
"""

from typing import Any

from django.core.management.base import BaseCommand

from graphcache import snapshot


class Command(BaseCommand):
    help = "Write a new snapshot of the graph and make it current."

    def handle(self, *args: Any, **options: Any) -> None:
        built = snapshot.build()
        self.stdout.write(
            f"Snapshot {built.name}: {built.members:,} member ids, "
            f"{built.bytes / 2**20:,.1f} MiB, changes after #{built.seq} read from Redis."
        )
