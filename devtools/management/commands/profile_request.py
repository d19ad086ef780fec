"""Where one request's CPU goes, in process: the ladder of references and the lists.

    ./scripts/bench profile_request [--requests 300] [--rounds 3] [--profile PATH]
        [--search-stages]

What it does: devtools.bench.profile.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devtools.bench.profile import RequestProfile


class Command(BaseCommand):
    help = "CPU per request of the load test's references and lists, and a profile of one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--requests", type=int, default=300, help="calls per path a round")
        parser.add_argument("--rounds", type=int, default=3, help="rounds (medians reported)")
        parser.add_argument(
            "--profile",
            default="/api/v1/blocks",
            help="the path to profile with pyinstrument ('' for none)",
        )
        parser.add_argument(
            "--search-stages",
            action="store_true",
            help="also the CPU of each stage of the load test's people searches",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        RequestProfile(self.stdout).run(options)
