"""Benchmark Download your data: a member at the connection cap with 100,000 messages.

    manage.py bench_export --connections 30000 --messages 100000

What it builds and measures: devtools.bench.export.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from devtools.bench.export.run import ExportBench


class Command(BaseCommand):
    help = "Benchmark the data export's time and peak memory on a separate, generated database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--connections", type=int, default=30_000)
        parser.add_argument("--messages", type=int, default=100_000)
        parser.add_argument(
            "--conversations", type=int, default=2_000, help="1:1 conversations holding them."
        )
        parser.add_argument("--database", default="proconnect_bench_export")
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var/bench"))
        parser.add_argument(
            "--measure-only", action="store_true", help="Internal: the builds, in a fresh process."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ExportBench(self.stdout).run(options)
