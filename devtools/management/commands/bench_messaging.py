"""Benchmark messaging at scale: inbox, open conversation and send, on a dataset of its own.

    manage.py bench_messaging --members 10000 --messages 1000000

What it builds and times: devtools.bench.messaging.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from devtools.bench.messaging.run import MessagingBench


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
        MessagingBench(self.stdout).run(options)
