"""Seed the demo network once: a few hundred members, their connections and their life."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from devtools.demo import DEMO_EMAIL, DEMO_PASSWORD, MODERATOR_EMAIL
from devtools.demo.seed import demo_network, demo_seeded, seed_demo


class Command(BaseCommand):
    help = "Create the demo network (skipped when the demo member already exists)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--members", type=int, default=400)
        parser.add_argument("--mean-degree", type=float, default=10.0)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(
        self, *args: Any, members: int, mean_degree: float, seed: int, **options: Any
    ) -> None:
        if demo_seeded():
            self.stdout.write("Demo network already seeded; nothing to do.")
            return
        network = demo_network(members, mean_degree=mean_degree, seed=seed)
        users = seed_demo(network)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(users)} members and {len(network.edges)} connections. "
                f"Log in as {DEMO_EMAIL} / {DEMO_PASSWORD} (the moderator: {MODERATOR_EMAIL})."
            )
        )
