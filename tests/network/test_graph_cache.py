"""The graph cache itself: the compact encoding, bulk decoding, both tiers and their versions."""

import numpy as np
import pytest

from accounts.models import User
from connections.events import graph_changed
from connections.models import Connection
from network import graph
from tests.factories import UserFactory


def _sorted_ids(rng: np.random.Generator, count: int, top: int) -> np.ndarray:
    return np.unique(rng.integers(1, top, size=count)).astype(graph.IDS)


@pytest.mark.parametrize(
    ("count", "top"),
    [(0, 10), (1, 10), (2, 10), (100, 1_000_000), (5_000, 100_000), (50, 2_000_000_000)],
)
def test_pack_round_trips_every_shape(count: int, top: int) -> None:
    ids = _sorted_ids(np.random.default_rng(count), count, top)
    v1, v2, decoded = graph._unpack(graph._pack(ids, 7, 9))
    assert (v1, v2) == (7, 9)
    assert decoded.dtype == graph.IDS
    assert np.array_equal(decoded, ids)


def test_small_gaps_take_half_the_bytes_and_large_gaps_fall_back_to_int32() -> None:
    dense = np.arange(0, 300_000, 3, dtype=graph.IDS)
    sparse = np.array([1, 100_000, 1_000_000], dtype=graph.IDS)
    assert len(graph._pack(dense, 1)) < dense.nbytes * 0.51 + 32
    assert len(graph._pack(sparse, 1)) == graph._HEADER.size + sparse.nbytes


def test_values_in_another_layout_read_as_stale() -> None:
    old_layout = (5).to_bytes(8, "little") + bytes(8) + np.arange(3, dtype="<i4").tobytes()
    assert graph._unpack(old_layout)[0] == -1
    ok, joined, _ = graph._unpack_many([old_layout], np.array([5]))
    assert not ok[0]
    assert joined.size == 0


def test_unpack_many_decodes_mixed_rows_and_rejects_wrong_stamps() -> None:
    rng = np.random.default_rng(4)
    rows = [
        _sorted_ids(rng, 120, 50_000),  # gaps fit 16 bits
        _sorted_ids(rng, 3, 2_000_000_000),  # int32
        np.empty(0, dtype=graph.IDS),
        _sorted_ids(rng, 1, 10),
        _sorted_ids(rng, 40_000, 1_000_000),
        _sorted_ids(rng, 60, 500),
    ]
    stamps = [3, 1, 0, 2, 8, 4]
    raws: list[bytes | None] = [
        graph._pack(row, stamp) for row, stamp in zip(rows, stamps, strict=True)
    ]
    raws.insert(2, None)  # missing in Redis
    rows.insert(2, np.empty(0, dtype=graph.IDS))
    wanted = np.array([3, 1, 0, 0, 2, 9, 4])  # row 5 is stale (stamped 8, current 9)
    ok, joined, bounds = graph._unpack_many(raws, wanted)
    assert ok.tolist() == [True, True, False, True, True, False, True]
    for index, row in enumerate(rows):
        got = joined[bounds[index] : bounds[index + 1]]
        assert np.array_equal(got, row if ok[index] else row[:0])


def _connect_rows(first: User, second: User) -> None:
    Connection.objects.create(member=first, other=second)
    Connection.objects.create(member=second, other=first)


def test_local_tier_serves_only_the_current_version(db: None) -> None:
    ana, bruno, carla = UserFactory.create_batch(3)
    _connect_rows(ana, bruno)
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == [bruno.pk]
    assert graph.local.get("g1", ana.pk, (0,)) is not None
    _connect_rows(ana, carla)
    # Not announced yet: both tiers still serve the array stamped with version 0.
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == [bruno.pk]
    graph_changed([ana.pk, carla.pk])
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == sorted([bruno.pk, carla.pk])


def test_bulk_reads_rebuild_stale_rows_from_postgres(db: None, monkeypatch) -> None:
    monkeypatch.setattr(graph, "LOCAL_MAX_MEMBERS", 1)
    ana, bruno, carla = UserFactory.create_batch(3)
    _connect_rows(ana, bruno)
    rows = graph.adjacency([ana.pk, bruno.pk, carla.pk]).rows()
    assert {m: a.tolist() for m, a in rows.items()} == {
        ana.pk: [bruno.pk],
        bruno.pk: [ana.pk],
        carla.pk: [],
    }
    _connect_rows(carla, bruno)
    graph_changed([carla.pk, bruno.pk])
    again = {m: a.tolist() for m, a in graph.adjacency([ana.pk, bruno.pk, carla.pk]).rows().items()}
    assert again == {ana.pk: [bruno.pk], bruno.pk: sorted([ana.pk, carla.pk]), carla.pk: [bruno.pk]}


def test_an_emptied_redis_empties_the_local_tier(db: None) -> None:
    ana, bruno = UserFactory.create_batch(2)
    _connect_rows(ana, bruno)
    graph.first_degree([ana.pk])
    graph.client().flushdb()  # versions back to zero, epoch gone
    Connection.objects.filter(member=ana).delete()
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == []
    assert graph.local.get("g1", bruno.pk, (0,)) is None


def test_second_degree_is_cached_in_both_tiers_and_follows_versions(db: None) -> None:
    ana, bruno, carla, dora = UserFactory.create_batch(4)
    _connect_rows(ana, bruno)
    _connect_rows(bruno, carla)
    assert graph.cached_second_degree(ana.pk) is None
    assert graph.second_degree(ana.pk).tolist() == [carla.pk]
    graph.local.clear()
    from_redis = graph.cached_second_degree(ana.pk)
    assert from_redis is not None
    assert from_redis.tolist() == [carla.pk]
    _connect_rows(bruno, dora)
    graph_changed([bruno.pk, dora.pk])
    graph.neighbours_changed([bruno.pk, dora.pk])
    assert graph.cached_second_degree(ana.pk) is None
    assert graph.second_degree(ana.pk).tolist() == sorted([carla.pk, dora.pk])
