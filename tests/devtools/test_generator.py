"""The graph generator, the COPY loader and the demo seed, at small sizes."""

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

import graphcache as graph
from accounts.industries import INDUSTRY_LABELS
from accounts.models import Education, Position, Profile, User
from connections.models import Connection, ConnectionCount
from connections.services import connection_counts_reconcile
from devtools.generator import average_clustering, generate
from devtools.generator.load import META_TABLE, loaded_graph


def _pairs(edges: np.ndarray) -> set[tuple[int, int]]:
    return {(int(a), int(b)) for a, b in edges.tolist()}


def test_the_same_seed_gives_the_same_network() -> None:
    first = generate(1_500, seed=7, mean_degree=20, hubs=2, cap=200)
    again = generate(1_500, seed=7, mean_degree=20, hubs=2, cap=200)
    other = generate(1_500, seed=8, mean_degree=20, hubs=2, cap=200)
    assert np.array_equal(first.edges, again.edges)
    assert list(first.members.rows(0, 50)) == list(again.members.rows(0, 50))
    assert not np.array_equal(first.edges, other.edges)
    assert list(first.members.rows(0, 50)) != list(other.members.rows(0, 50))


def test_edges_are_simple_pairs() -> None:
    network = generate(3_000, seed=1, mean_degree=30, hubs=1, cap=500)
    low, high = network.edges[:, 0], network.edges[:, 1]
    assert (low < high).all(), "no self-loops, each pair stored low-high once"
    keys = low.astype(np.int64) * 3_000 + high
    assert len(np.unique(keys)) == len(keys), "no duplicate pairs"
    assert high.max() < 3_000


@override_settings(CONNECTIONS_MAX_PER_MEMBER=300)
def test_hubs_sit_exactly_at_the_cap_and_nobody_above() -> None:
    network = generate(5_000, seed=3, mean_degree=60, hubs=3)  # cap read from the settings
    degrees = network.degrees
    assert len(network.hubs) == 3
    assert (degrees[network.hubs] == 300).all()
    assert degrees.max() == 300
    without_hubs = generate(5_000, seed=3, mean_degree=60, hubs=0)
    assert without_hubs.degrees.max() <= 300


def test_degrees_are_heavy_tailed_with_the_mean_asked_for_and_clustered() -> None:
    network = generate(5_000, seed=2026, mean_degree=100, hubs=3, cap=30_000)
    assert network.mean_degree == pytest.approx(100, rel=0.05)
    degrees = network.degrees
    median = float(np.median(degrees))
    assert median < 100 < np.percentile(degrees, 90), "skewed: most below the mean, a long tail"
    assert degrees.max() > 10 * median
    assert (degrees == 0).any(), "some members have not connected to anyone yet"
    indptr, indices = network.adjacency()
    assert average_clustering(indptr, indices) >= 0.1


def test_profiles_are_searchable() -> None:
    rows = list(generate(2_000, seed=5, mean_degree=10, hubs=0, cap=100).members.rows())
    assert len({row.email for row in rows}) == len(rows)
    assert any(not row.last_name.isascii() or not row.first_name.isascii() for row in rows)
    for row in rows[:200]:
        assert row.industry in INDUSTRY_LABELS
        assert row.title in row.headline or row.company in row.headline or row.headline
        assert row.company in row.summary or row.title in row.summary
        assert 3 <= len(row.skills) <= 8 and len(set(row.skills)) == len(row.skills)
        assert row.career_start <= row.current_since
        assert row.email.isascii() and row.email.endswith("@example.com")


def test_clustering_of_a_known_graph() -> None:
    triangle_and_tail = np.array([[0, 1], [0, 2], [1, 2], [2, 3]], dtype=np.int32)
    from devtools.generator import csr

    indptr, indices = csr(triangle_and_tail, 4)
    # Local clustering: 1, 1, 1/3, 0 (networkx's average_clustering gives 0.5833).
    assert average_clustering(indptr, indices) == pytest.approx((1 + 1 + 1 / 3 + 0) / 4)


@pytest.mark.django_db
def test_the_loader_refuses_a_database_not_named_for_benchmarks(monkeypatch) -> None:
    monkeypatch.setitem(connection.settings_dict, "NAME", "proconnect")
    with pytest.raises(CommandError, match="_bench"):
        call_command("generate_graph", members=50, no_progress=True)


@pytest.mark.django_db
@override_settings(CONNECTIONS_MAX_PER_MEMBER=40)
def test_the_loader_copies_members_connections_and_counters(capsys) -> None:
    existing = User.objects.create_user("someone@example.com", "x", first_name="A", last_name="B")
    graph.client().set(graph.key("g1", existing.pk), b"stale")
    indexes_before = _connection_indexes()

    call_command(
        "generate_graph", members=300, mean_degree=8, hubs=1, seed=11, force=True, no_progress=True
    )

    network = generate(300, seed=11, mean_degree=8, hubs=1, cap=40)
    assert User.objects.count() == 300
    assert not User.objects.filter(email="someone@example.com").exists()
    assert Profile.objects.count() == Education.objects.count() == 300
    assert Position.objects.count() == 600
    assert Connection.objects.count() == 2 * len(network.edges)
    rows = set(Connection.objects.values_list("member_id", "other_id"))
    assert {(a + 1, b + 1) for a, b in _pairs(network.edges)} <= rows
    assert ConnectionCount.objects.count() == 300
    assert connection_counts_reconcile() == [], "the counters match the rows"
    assert ConnectionCount.objects.filter(count=40).count() >= 1
    assert not ConnectionCount.objects.filter(count__gt=40).exists()
    assert _connection_indexes() == indexes_before, "indexes recreated exactly"
    assert graph.client().get(graph.key("g1", existing.pk)) is None, "caches forgotten"
    with connection.cursor() as cursor:  # derived data the paused triggers keep: rebuilt
        cursor.execute("SELECT to_regclass('search_memberdocument') IS NOT NULL")
        if cursor.fetchone()[0]:
            cursor.execute("SELECT count(*) FROM search_memberdocument")
            assert cursor.fetchone()[0] == 300
    member = User.objects.get(pk=1)
    assert member.profile.headline and member.profile.skills
    assert member.check_password("demo-password-2026")
    loaded = loaded_graph()
    assert loaded is not None and loaded["params"]["members"] == 300
    # The identity sequences continue after the copied ids.
    assert User.objects.create_user("new@example.com", "x").pk == 301
    call_command(
        "generate_graph",
        members=300,
        mean_degree=8,
        hubs=1,
        seed=11,
        force=True,
        reuse=True,
        no_progress=True,
    )
    assert "Reusing" not in capsys.readouterr().out, "a member was added: not the same graph"


def _connection_indexes() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'connections_connection' ORDER BY indexname"
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'connections_connection'::regclass ORDER BY conname"
        )
        return indexes + cursor.fetchall()


@pytest.mark.django_db
def test_reuse_keeps_a_loaded_graph(capsys) -> None:
    arguments = {"members": 120, "mean_degree": 6, "hubs": 0, "seed": 4, "force": True}
    call_command("generate_graph", no_progress=True, **arguments)
    capsys.readouterr()
    call_command("generate_graph", no_progress=True, reuse=True, **arguments)
    assert "Reusing the loaded graph" in capsys.readouterr().out
    call_command("generate_graph", no_progress=True, reuse=True, **{**arguments, "seed": 5})
    assert "Reusing" not in capsys.readouterr().out
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT params->>'seed' FROM {META_TABLE}")  # noqa: S608
        assert cursor.fetchone()[0] == "5"
