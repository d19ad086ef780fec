"""Seed the demo network once: a few hundred members, profiles, history and connections."""

from argparse import ArgumentParser
from collections import Counter
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
from accounts.models import Education, Position, Profile, User
from connections.models import Connection, ConnectionCount
from network.generator import MemberSpec, generate_edges, generate_members


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
        specs = generate_members(members, seed=seed)
        specs[0].sociability = 8.0  # the demo member is well connected: all degrees show
        edges = list(generate_edges(specs, mean_degree=mean_degree, seed=seed))
        with transaction.atomic():
            created = self._create_members(specs)
            self._create_connections(created, edges)
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {len(created)} members and {len(edges)} connections. "
                f"Log in as {DEMO_EMAIL} / {DEMO_PASSWORD}."
            )
        )

    def _create_members(self, specs: list[MemberSpec]) -> list[User]:
        # One hash for every demo member: Argon2 is deliberately slow, once is enough.
        password = make_password(DEMO_PASSWORD)
        users = []
        for spec in specs:
            email = DEMO_EMAIL if spec.index == 0 else spec.email
            users.append(
                User(
                    email=email,
                    first_name=spec.first_name,
                    last_name=spec.last_name,
                    password=password,
                )
            )
        with tqdm(total=4, desc="members", unit="step") as bar:
            users = User.objects.bulk_create(users, batch_size=1000)
            bar.update()
            Profile.objects.bulk_create(
                [self._profile(user, spec) for user, spec in zip(users, specs, strict=True)],
                batch_size=1000,
            )
            bar.update()
            Position.objects.bulk_create(
                [
                    p
                    for user, spec in zip(users, specs, strict=True)
                    for p in self._positions(user, spec)
                ],
                batch_size=1000,
            )
            bar.update()
            Education.objects.bulk_create(
                [
                    Education(
                        member=user,
                        school=spec.school,
                        degree=spec.degree,
                        field_of_study=spec.field_of_study,
                        start_year=spec.graduated - 3,
                        end_year=spec.graduated,
                    )
                    for user, spec in zip(users, specs, strict=True)
                ],
                batch_size=1000,
            )
            bar.update()
        return users

    @staticmethod
    def _profile(user: User, spec: MemberSpec) -> Profile:
        return Profile(
            member=user,
            headline=spec.headline[:220],
            summary=spec.summary,
            industry=spec.industry,
            location=spec.location,
            current_company=spec.company,
            current_title=spec.title,
            skills=spec.skills,
        )

    @staticmethod
    def _positions(user: User, spec: MemberSpec) -> list[Position]:
        switch = spec.career_start.replace(year=min(spec.career_start.year + 3, 2025))
        return [
            Position(
                member=user,
                company=spec.company,
                title=spec.title,
                location=spec.location,
                start_date=switch,
            ),
            Position(
                member=user,
                company=spec.past_company,
                title=spec.past_title,
                location=spec.location,
                start_date=spec.career_start,
                end_date=switch,
            ),
        ]

    @staticmethod
    def _create_connections(users: list[User], edges: list[tuple[int, int]]) -> None:
        rows = []
        for low, high in tqdm(edges, desc="connections", unit="edge"):
            rows.append(Connection(member=users[low], other=users[high]))
            rows.append(Connection(member=users[high], other=users[low]))
        Connection.objects.bulk_create(rows, batch_size=5000)
        counts = Counter(row.member_id for row in rows)
        ConnectionCount.objects.bulk_create(
            [ConnectionCount(member=user, count=counts[user.pk]) for user in users],
            batch_size=5000,
        )
