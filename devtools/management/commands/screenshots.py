"""Capture docs/screenshots/: seed the demo network if needed, serve it, and screenshot the
main pages at 1280 and 390 px (devtools/screenshots.py)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from devtools.demo.pages import demo_pages
from devtools.screenshots import capture, served


class Command(BaseCommand):
    help = "Screenshot the demo network's main pages into docs/screenshots/."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--out", type=Path, default=Path(settings.BASE_DIR) / "docs/screenshots"
        )
        parser.add_argument("--members", type=int, default=400)

    def handle(self, *args: Any, out: Path, members: int, **options: Any) -> None:
        call_command("seed_demo", members=members)
        pages = [page for page in demo_pages() if page.screenshot]
        with served() as base_url:
            written = capture(base_url, pages, out)
        for path in written:
            self.stdout.write(f"{path} ({path.stat().st_size // 1024} KiB)")
