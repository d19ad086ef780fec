"""The graph cache itself: the compact encoding, bulk decoding, both tiers and their versions."""

import numpy as np
import pytest

import graphcache as graph
from accounts.models import Block, User
from connections.models import Connection
from graphcache import codec, graph_changed, local_tier, postgres, sets
from graphcache import first as first_reads
from graphcache import stored as stored_values
from tests.factories import UserFactory


def _sorted_ids(rng: np.random.Generator, count: int, top: int) -> np.ndarray:
    return np.unique(rng.integers(1, top, size=count)).astype(graph.IDS)


@pytest.mark.parametrize(
    ("count", "top"),
    [(0, 10), (1, 10), (2, 10), (100, 1_000_000), (5_000, 100_000), (50, 2_000_000_000)],
)
def test_pack_round_trips_every_shape(count: int, top: int) -> None:
    ids = _sorted_ids(np.random.default_rng(count), count, top)
    v1, v2, decoded = codec.unpack(codec.pack(ids, 7, 9))
    assert (v1, v2) == (7, 9)
    assert decoded.dtype == graph.IDS
    assert np.array_equal(decoded, ids)


def test_gaps_take_two_bytes_and_huge_gaps_still_round_trip() -> None:
    dense = np.arange(0, 300_000, 3, dtype=graph.IDS)
    assert len(codec.pack(dense, 1)) < dense.nbytes * 0.51 + 32
    for ids in (
        [1, 65_535, 65_536, 131_071, 131_072],
        [0, 2_000_000_000],
        [7],
        [65_535, 70_000],  # a first id whose low half is 0xFFFF, the continuation mark
        [131_071],
    ):
        array = np.array(ids, dtype=graph.IDS)
        assert codec.unpack(codec.pack(array, 1))[2].tolist() == ids
        ok, joined, _, stamps = codec.unpack_many([codec.pack(array, 7)])
        assert stamps.tolist() == [7]
        assert ok[0]
        assert joined.tolist() == ids


def test_values_in_another_layout_read_as_stale() -> None:
    old_layout = (5).to_bytes(8, "little") + bytes(8) + np.arange(3, dtype="<i4").tobytes()
    assert codec.unpack(old_layout)[0] == -1
    ok, joined, _, _ = codec.unpack_many([old_layout])
    assert not ok[0]
    assert joined.size == 0


def test_unpack_many_decodes_mixed_rows_and_skips_missing_ones() -> None:
    rng = np.random.default_rng(4)
    rows = [
        _sorted_ids(rng, 120, 50_000),  # every gap in one half
        _sorted_ids(rng, 3, 2_000_000_000),  # gaps of thousands of 0xFFFF halves
        np.empty(0, dtype=graph.IDS),
        _sorted_ids(rng, 1, 10),
        _sorted_ids(rng, 40_000, 1_000_000),
        _sorted_ids(rng, 60, 500),
    ]
    raws: list[bytes | None] = [codec.pack(row, stamp) for stamp, row in enumerate(rows)]
    raws.insert(2, None)  # missing in Redis
    rows.insert(2, np.empty(0, dtype=graph.IDS))
    ok, joined, bounds, _ = codec.unpack_many(raws)
    assert ok.tolist() == [True, True, False, True, True, True, True]
    for index, row in enumerate(rows):
        assert np.array_equal(joined[bounds[index] : bounds[index + 1]], row)


@pytest.mark.parametrize("count", [3, 25], ids=["one by one", "vectorised"])
def test_decode_current_keeps_only_current_values(count: int) -> None:
    rng = np.random.default_rng(count)
    rows = {member_id: _sorted_ids(rng, 50, 1_000_000) for member_id in range(1, count + 1)}
    values: dict[int, bytes | None] = {m: codec.pack(row, 5) for m, row in rows.items()}
    values[1] = codec.pack(rows[1], 4)  # stamped with an older version
    values[2] = None  # missing in Redis
    old_layout = (5).to_bytes(8, "little") + bytes(8) + np.arange(3, dtype="<i4").tobytes()
    values[3] = old_layout
    decoded = stored_values.decode_current(values, dict.fromkeys(rows, 5))
    assert sorted(decoded) == list(range(4, count + 1))
    for member_id, array in decoded.items():
        assert np.array_equal(array, rows[member_id])
        assert not array.flags.writeable


def test_a_g1_value_in_redis_is_always_current(db: None) -> None:
    ana, bruno = UserFactory.create_batch(2)
    _connect_rows(ana, bruno)
    versions = graph.Versions({ana.pk: 0}, {})
    old = postgres.load_first_degree([ana.pk])
    graph_changed([ana.pk, bruno.pk])  # a change lands between a reader's version read ...
    pipe = graph.client().pipeline(transaction=False)
    stored_values.store_g1(pipe, ana.pk, old[ana.pk], versions.v1[ana.pk])  # ... and its write
    assert pipe.execute() == [0]
    assert graph.client().get(graph.key("g1", ana.pk)) is None
    graph.adjacency([ana.pk])  # a fresh read stores the current array
    assert graph.client().get(graph.key("g1", ana.pk)) is not None
    graph_changed([ana.pk, bruno.pk])
    assert graph.client().get(graph.key("g1", ana.pk)) is None


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
    monkeypatch.setattr(first_reads, "LOCAL_MAX_MEMBERS", 1)
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


def test_an_emptied_redis_empties_the_local_tier(db: None, monkeypatch) -> None:
    # Reading versions (the listener not heard from: tests/network/test_pushed_invalidation.py
    # covers the other way, where a lost subscription empties the tier).
    monkeypatch.setattr(local_tier.LocalArrays, "trusting", lambda self: False)
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


def test_hidden_set_is_cached_until_a_block_changes(
    db: None, django_capture_on_commit_callbacks
) -> None:
    from accounts import services as account_services

    ana, bruno, carla = UserFactory.create_batch(3)
    assert graph.hidden(ana.pk).tolist() == []
    with django_capture_on_commit_callbacks(execute=True):
        account_services.block_create(blocker=bruno, blocked_id=ana.pk)
    assert graph.hidden(ana.pk).tolist() == [bruno.pk]
    assert graph.hidden(bruno.pk).tolist() == [ana.pk]
    # A row written anywhere else (Django admin, a shell) retires the cached sets too.
    Block.objects.create(blocker=ana, blocked=carla)
    assert graph.hidden(ana.pk).tolist() == sorted([bruno.pk, carla.pk])
    with django_capture_on_commit_callbacks(execute=True):
        account_services.block_remove(blocker=bruno, blocked_id=ana.pk)
    assert graph.hidden(ana.pk).tolist() == [carla.pk]
    Block.objects.filter(blocker=ana).delete()
    assert graph.hidden(ana.pk).tolist() == []


def test_a_cold_page_is_answered_from_the_members_side_and_the_set_built_by_a_worker(
    db: None, monkeypatch
) -> None:
    from graphcache import tasks
    from network import selectors

    scheduled: list[int] = []
    monkeypatch.setattr(tasks.graph_second_degree_build_task, "delay", scheduled.append)
    ana, bruno, carla, dora, eve = UserFactory.create_batch(5)
    for first, second in [(ana, bruno), (bruno, carla), (carla, dora)]:
        _connect_rows(first, second)
    near = selectors.nearness_for(ana, [dora.pk, eve.pk])
    assert (near[dora.pk].degree, near[eve.pk].degree) == (3, None)
    assert graph.cached_second_degree(ana.pk) is None  # not built on the request
    assert scheduled == [ana.pk]
    selectors.nearness_for(ana, [dora.pk])
    assert scheduled == [ana.pk]  # once a minute at most
    assert tasks.graph_second_degree_build_task(ana.pk) == 1
    built = graph.cached_second_degree(ana.pk)
    assert built is not None
    assert built.tolist() == [carla.pk]
    assert selectors.nearness_for(ana, [dora.pk])[dora.pk].degree == 3


@pytest.mark.parametrize(
    ("sorted_count", "value_count", "top", "cached"),
    [
        (30_000, 30_000, 1_000_000, False),
        (30_000, 3_000, 1_000_000, False),
        (100, 2_500, 100_000, False),
        (5, 10, 50, False),
        (300_000, 5, 1_000_000, True),
        (300_000, 10_000, 1_000_000, True),
        (5_000, 10_000, 1_000_000, True),
        (5_000, 100, 1_000_000, False),
    ],
    ids=[
        "mask",
        "search (many ids)",
        "mask (few ids)",
        "search (few values)",
        "kept mask (few values)",
        "kept mask (many values)",
        "kept mask (a smaller set, many values)",
        "search (a smaller set, few values)",
    ],
)
def test_members_of_answers_alike_by_search_and_by_mask(
    sorted_count: int, value_count: int, top: int, cached: bool
) -> None:
    rng = np.random.default_rng(sorted_count + value_count)
    ids = _sorted_ids(rng, sorted_count, top)
    ids.flags.writeable = not cached  # a cached graph set is read-only: its mask is kept
    values = rng.integers(1, top + 10, value_count).astype(graph.IDS)  # some past the last id
    hits = min(10, value_count, ids.size)
    values[:hits] = ids[:hits]  # some certain hits
    assert np.array_equal(graph.members_of(ids, values), np.isin(values, ids))
    assert any(refs[0]() is ids for refs, _ in sets.masks._items.values()) is cached
    assert (
        not graph.members_of(ids, values)[:hits].size or graph.members_of(ids, values)[:hits].all()
    )


def test_a_view_of_a_cached_array_gets_no_kept_mask() -> None:
    ids = np.arange(0, 600_000, 2, dtype=graph.IDS)
    ids.flags.writeable = False
    view = ids[10:]
    values = np.arange(0, 10_000, dtype=graph.IDS)
    assert np.array_equal(graph.members_of(view, values), np.isin(values, view))
    assert not any(refs[0]() is view for refs, _ in sets.masks._items.values())
