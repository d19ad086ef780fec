"""Seed the demo network once: a few hundred members, profiles, history and connections."""

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
from accounts.models import Education, Position, Profile, User
from connections.models import Connection, ConnectionCount
from network import graph
from network.generator import MemberRow, Network, generate

DEMO_MEMBER = 0  # index of the demo member in the generated network
DEMO_MEMBER_DEGREE = 2.0  # the demo member's connections, in multiples of the mean degree


def demo_network(members: int = 400, *, mean_degree: float = 10.0, seed: int = 2026) -> Network:
    """The demo graph: small, no hubs, the demo member well connected but not to everyone,
    so that 1st, 2nd and 3rd-degree members and some out of network all show."""
    return generate(
        members,
        seed=seed,
        mean_degree=mean_degree,
        hubs=0,
        boost={DEMO_MEMBER: DEMO_MEMBER_DEGREE},
    )


class Command(BaseCommand):
    help = "Create the demo network (skipped when the demo member already exists)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--members", type=int, default=400)
        parser.add_argument("--mean-degree", type=float, default=10.0)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(
        self, *args: Any, members: int, mean_degree: float, seed: int, **options: Any
    ) -> None:
        if User.objects.filter(email=DEMO_EMAIL).exists():
            self.stdout.write("Demo network already seeded; nothing to do.")
            return
        network = demo_network(members, mean_degree=mean_degree, seed=seed)
        rows = list(network.members.rows())
        with tqdm(total=6, desc="demo network", unit="step") as bar:
            with transaction.atomic():
                users = self._create_members(rows, bar)
                self._create_connections(users, network, bar)
            graph.forget_everything()  # ids may have been cached by an earlier, deleted seed
            bar.update()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(users)} members and {len(network.edges)} connections. "
                f"Log in as {DEMO_EMAIL} / {DEMO_PASSWORD}."
            )
        )

    def _create_members(self, rows: list[MemberRow], bar: tqdm) -> list[User]:
        # One hash for every demo member: Argon2 is deliberately slow, once is enough.
        password = make_password(DEMO_PASSWORD)
        users = User.objects.bulk_create(
            [
                User(
                    email=DEMO_EMAIL if row.index == DEMO_MEMBER else row.email,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    password=password,
                )
                for row in rows
            ],
            batch_size=1000,
        )
        bar.update()
        Profile.objects.bulk_create(
            [self._profile(user, row) for user, row in zip(users, rows, strict=True)],
            batch_size=1000,
        )
        bar.update()
        Position.objects.bulk_create(
            [p for user, row in zip(users, rows, strict=True) for p in self._positions(user, row)],
            batch_size=1000,
        )
        bar.update()
        Education.objects.bulk_create(
            [
                Education(
                    member=user,
                    school=row.school,
                    degree=row.degree,
                    field_of_study=row.field_of_study,
                    start_year=row.graduated - 3,
                    end_year=row.graduated,
                )
                for user, row in zip(users, rows, strict=True)
            ],
            batch_size=1000,
        )
        bar.update()
        return users

    @staticmethod
    def _profile(user: User, row: MemberRow) -> Profile:
        return Profile(
            member=user,
            headline=row.headline,
            summary=row.summary,
            industry=row.industry,
            location=row.location,
            current_company=row.company,
            current_title=row.title,
            skills=row.skills,
        )

    @staticmethod
    def _positions(user: User, row: MemberRow) -> list[Position]:
        return [
            Position(
                member=user,
                company=row.company,
                title=row.title,
                location=row.location,
                start_date=row.current_since,
            ),
            Position(
                member=user,
                company=row.past_company,
                title=row.past_title,
                location=row.location,
                start_date=row.career_start,
                end_date=row.current_since,
            ),
        ]

    @staticmethod
    def _create_connections(users: list[User], network: Network, bar: tqdm) -> None:
        ids = [user.pk for user in users]
        Connection.objects.bulk_create(
            [
                Connection(member_id=ids[member], other_id=ids[other])
                for low, high in network.edges.tolist()
                for member, other in ((low, high), (high, low))
            ],
            batch_size=5000,
        )
        bar.update()
        degrees = network.degrees.tolist()
        ConnectionCount.objects.bulk_create(
            [ConnectionCount(member_id=ids[i], count=degrees[i]) for i in range(len(ids))],
            batch_size=5000,
        )
