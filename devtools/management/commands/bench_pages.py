"""Time the HTML pages that list members (My Network, a group's members, mutual connections,
people search, the typeahead) in a database of their own.

    manage.py bench_pages [--members 20000 --connections 300 --runs 30] [--keep]
                          [--database proconnect_bench_pages] [--profile "my network"]

What it loads and times: devtools.bench.pages.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from devtools.bench import pages


class Command(BaseCommand):
    help = "Time the member-list HTML pages on generated data (own database, name *_pages)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--members", type=int, default=20_000)
        parser.add_argument("--connections", type=int, default=300, help="the viewer's, about")
        parser.add_argument("--group-members", type=int, default=200)
        parser.add_argument("--invitations", type=int, default=10, help="each way")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--database",
            default="proconnect_bench_pages",
            help="dropped and created again; must end in _pages",
        )
        parser.add_argument("--redis-db", type=int, default=5, help="Redis db for the graph cache")
        parser.add_argument("--keep", action="store_true", help="Do not drop the database.")
        parser.add_argument("--profile", default="", metavar="PAGE", help="profile one page")
        parser.add_argument("--profile-all", action="store_true", help="every frame, Django's too")

    def handle(self, *args: Any, **options: Any) -> None:
        pages.run(options, self.stdout.write)
