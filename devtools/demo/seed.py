"""Seed the demo network once: a few hundred members, profiles, history and connections
(bulk-written), then their life through the product's services (`devtools.demo.activity`,
`devtools.demo.exchanges`): groups, discussions, posts, conversations, invitations,
endorsements, notifications and a report in the moderation queue."""

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import Education, Position, Profile, User
from connections.models import Connection, ConnectionCount
from devtools import graph_access as cache
from devtools.demo import activity, exchanges
from devtools.demo.cast import cast_of_demo
from devtools.demo.credentials import DEMO_EMAIL, DEMO_PASSWORD
from devtools.demo.tasks import tasks_run_here
from devtools.generator import MemberRow, Network, generate

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


def demo_seeded() -> bool:
    return User.objects.filter(email=DEMO_EMAIL).exists()


def seed_demo(network: Network) -> list[User]:
    """Create the network's members and connections through the ORM, then what they do
    through the services; return the members."""
    rows = list(network.members.rows())
    with tqdm(total=13, desc="demo network", unit="step") as bar:
        with transaction.atomic():
            users = _create_members(rows, bar)
            _create_connections(users, network, bar)
        cache.forget_everything()  # ids may have been cached by an earlier, deleted seed
        bar.update()
        _seed_life(bar)
        cache.forget_everything()  # the services' changes, read afresh by the first page
        bar.update()
    return users


def _seed_life(bar: tqdm) -> None:
    """What the members do, each step through the product's services, with the Celery work
    they queue (notifications, the accepted note's conversation) run here afterwards."""
    with connection.cursor() as cursor:
        # Hundreds of small transactions: not waiting for each one's flush to disk makes the
        # seed several times faster (a crash could lose the last ones; seeding again is safe).
        cursor.execute("SET synchronous_commit TO OFF")
    with tasks_run_here():
        cast = cast_of_demo()
        groups = activity.seed_groups(cast)
        bar.update()
        activity.seed_group_discussions(cast, groups)
        bar.update()
        activity.seed_feed(cast)
        bar.update()
        activity.seed_endorsements(cast)
        exchanges.seed_conversations(cast)
        bar.update()
        exchanges.seed_invitations(cast)
        bar.update()
        exchanges.seed_trust_and_safety(cast)
        bar.update()


def _create_members(rows: list[MemberRow], bar: tqdm) -> list[User]:
    # One hash for every demo member: Argon2 is deliberately slow, once is enough.
    password = make_password(DEMO_PASSWORD)
    # Members of a month's standing with confirmed addresses: the demo invites, messages and
    # posts at once, under the full weekly invitation limit.
    joined = timezone.now() - timedelta(days=30)
    users = User.objects.bulk_create(
        [
            User(
                email=DEMO_EMAIL if row.index == DEMO_MEMBER else row.email,
                first_name=row.first_name,
                last_name=row.last_name,
                password=password,
                date_joined=joined,
            )
            for row in rows
        ],
        batch_size=1000,
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        batch_size=1000,
    )
    bar.update()
    Profile.objects.bulk_create(
        [_profile(user, row) for user, row in zip(users, rows, strict=True)],
        batch_size=1000,
    )
    bar.update()
    Position.objects.bulk_create(
        [p for user, row in zip(users, rows, strict=True) for p in _positions(user, row)],
        batch_size=1000,
    )
    bar.update()
    Education.objects.bulk_create(
        [_education(user, row) for user, row in zip(users, rows, strict=True)],
        batch_size=1000,
    )
    bar.update()
    return users


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


def _education(user: User, row: MemberRow) -> Education:
    return Education(
        member=user,
        school=row.school,
        degree=row.degree,
        field_of_study=row.field_of_study,
        start_year=row.graduated - 3,
        end_year=row.graduated,
    )


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
