"""Pushed invalidation: arrays trusted without reading versions while the listener is subscribed.

The listener is the real one (a thread in this process, on the test Redis). "Another process"
is a second Redis connection publishing what `graphcache.graph_changed` publishes.
"""

import numpy as np
import redis
from django.conf import settings

import graphcache as graph
from connections.models import Connection
from graphcache import codec, keys, local_tier
from graphcache import stored as stored_values
from graphcache.channel import channel as graph_channel
from graphcache.channel import publish_changes
from tests.factories import UserFactory
from tests.helpers import until


def _from_another_process(kind: str, member_ids: list[int]) -> None:
    other = redis.Redis.from_url(settings.REDIS_URL)
    try:
        pipe = other.pipeline(transaction=False)
        for member_id in member_ids:
            pipe.incr(graph.key("v1" if kind == "g1" else "v2", member_id))
            if kind == "g1":
                pipe.delete(graph.key("g1", member_id))
        publish_changes(pipe, kind, member_ids)
        pipe.execute()
    finally:
        other.close()


def test_trusted_arrays_are_read_without_redis_until_another_process_changes_them(
    db: None, trusting: None, redis_reads: list[list[str]]
) -> None:
    ana, bruno, carla = UserFactory.create_batch(3)
    Connection.objects.create(member=ana, other=bruno)
    assert graph.first_degree([ana.pk, bruno.pk])[ana.pk].tolist() == [bruno.pk]
    redis_reads.clear()
    assert graph.first_degree([ana.pk, bruno.pk])[ana.pk].tolist() == [bruno.pk]
    assert redis_reads == []  # no versions read: the arrays are trusted
    Connection.objects.create(member=ana, other=carla)
    applied = graph.local.applied
    _from_another_process("g1", [ana.pk, carla.pk])
    until(lambda: graph.local.applied > applied)
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == sorted([bruno.pk, carla.pk])
    assert not graph.local.holds("g1", carla.pk)


def test_a_second_degree_set_and_a_hidden_set_are_trusted_and_dropped_too(
    db: None, trusting: None, redis_reads: list[list[str]]
) -> None:
    ana, bruno, carla, dora = UserFactory.create_batch(4)
    for first, second in [(ana, bruno), (bruno, carla)]:
        Connection.objects.create(member=first, other=second)
        Connection.objects.create(member=second, other=first)
    assert graph.second_degree(ana.pk).tolist() == [carla.pk]
    assert graph.hidden(ana.pk).tolist() == []
    redis_reads.clear()
    assert graph.second_degree(ana.pk).tolist() == [carla.pk]
    assert graph.hidden(ana.pk).tolist() == []
    assert redis_reads == []
    Connection.objects.create(member=bruno, other=dora)
    Connection.objects.create(member=dora, other=bruno)
    applied = graph.local.applied
    _from_another_process("g1", [bruno.pk, dora.pk])
    _from_another_process("g2", [ana.pk])  # what neighbours_changed publishes for bruno's friends
    until(lambda: graph.local.applied >= applied + 2)
    assert graph.second_degree(ana.pk).tolist() == sorted([carla.pk, dora.pk])


def test_a_read_that_began_before_a_drop_is_kept_but_not_trusted(trusting: None) -> None:
    array = np.array([5, 9], dtype=graph.IDS)
    since = graph.local.generation
    graph.local.drop("g1", [1])  # a change announced while the read was in flight
    graph.local.put("g1", 1, (3,), array, since)
    assert graph.local.fresh("g1", 1) is None
    assert graph.local.get("g1", 1, (3,)) is array  # usable at the version read, as before
    graph.local.put("g1", 2, (3,), array, since)  # another member: not dropped, trusted
    assert graph.local.fresh("g1", 2) is array
    # A later read at the same version, begun after the drop, makes it trusted.
    assert graph.local.get("g1", 1, (3,), graph.local.generation) is array
    assert graph.local.fresh("g1", 1) is array


def test_reads_older_than_the_drops_remembered_are_not_trusted(trusting: None, monkeypatch) -> None:
    monkeypatch.setattr(local_tier, "DROPS_REMEMBERED", 2)
    array = np.array([5], dtype=graph.IDS)
    since = graph.local.generation
    graph.local.drop("g1", [1, 2, 3])  # member 1's drop is forgotten: the floor rises past it
    graph.local.put("g1", 7, (0,), array, since)
    assert graph.local.fresh("g1", 7) is None
    graph.local.put("g1", 7, (0,), array, graph.local.generation)
    assert graph.local.fresh("g1", 7) is array


def test_without_word_from_redis_arrays_are_checked_against_versions(
    db: None, trusting: None, redis_reads: list[list[str]], monkeypatch
) -> None:
    ana, bruno = UserFactory.create_batch(2)
    Connection.objects.create(member=ana, other=bruno)
    graph.first_degree([ana.pk])
    monkeypatch.setattr(local_tier.LocalArrays, "trusting", lambda self: False)
    redis_reads.clear()
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == [bruno.pk]
    assert redis_reads and graph.key("v1", ana.pk) in redis_reads[0]


def test_a_lost_subscription_stops_trust_and_empties_the_local_tier(
    db: None, trusting: None
) -> None:
    ana, bruno = UserFactory.create_batch(2)
    Connection.objects.create(member=ana, other=bruno)
    graph.first_degree([ana.pk])
    assert graph.local.fresh("g1", ana.pk) is not None
    generation = graph.local.generation
    ours = [c for c in graph.client().client_list() if c["name"] == graph.listener_name()]
    assert len(ours) == 1
    graph.client().client_kill_filter(_id=ours[0]["id"])  # as a Redis restart would
    until(lambda: graph.local.generation > generation)  # reset: nothing held, nothing trusted
    assert not graph.local.holds("g1", ana.pk)
    until(graph.local.trusting)  # subscribed again
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == [bruno.pk]


def test_the_channel_is_named_per_prefix_and_database() -> None:
    database = graph.client().connection_pool.connection_kwargs.get("db", 0)
    assert graph_channel().endswith(f":graph:changes:{database}")


def test_long_lists_of_members_go_in_several_messages(monkeypatch) -> None:
    sent: list[tuple[str, str]] = []

    class Pipe:
        def publish(self, channel: str, message: str) -> None:
            sent.append((channel, message))

    monkeypatch.setattr("graphcache.channel.PUBLISH_CHUNK", 2)
    publish_changes(Pipe(), "g2", [1, 2, 3])
    publish_changes(Pipe(), "*", [])
    assert [message for _, message in sent] == ["g2 1 2", "g2 3", "*"]


def test_a_bulk_read_keeps_its_rows_under_one_lock(trusting: None) -> None:
    joined = np.array([2, 3, 5, 7, 11], dtype=graph.IDS)
    held = np.array([2, 3], dtype=graph.IDS)
    since = graph.local.generation
    graph.local.put("g1", 1, (4,), held)  # held at the same stamp, not trusted yet
    graph.local.put("g1", 2, (1,), held)  # held at an older stamp
    graph.local.put_rows("g1", [1, 2, 3], [4, 2, -1], joined, [0, 2, 4, 5], since)
    assert graph.local.fresh("g1", 1) is held  # the same object, now trusted
    replaced = graph.local.fresh("g1", 2)
    assert replaced is not None
    assert replaced.tolist() == [5, 7]  # replaced by a copy of its row
    assert replaced.base is None
    assert not graph.local.holds("g1", 3)  # a negative stamp: no current value to keep


def test_a_few_values_are_fetched_and_decoded_one_by_one(
    db: None, trusting: None, monkeypatch
) -> None:
    ana, bruno = UserFactory.create_batch(2)
    Connection.objects.create(member=ana, other=bruno)
    graph.first_degree([ana.pk])  # stored in Redis
    graph.local.clear()
    monkeypatch.setattr(codec, "unpack_many", None)  # would raise if called
    assert stored_values.fetch_bulk([ana.pk, bruno.pk]) == {
        ana.pk: graph.local.fresh("g1", ana.pk),
        bruno.pk: graph.local.fresh("g1", bruno.pk),
    }
    stored = keys.get(graph.key("g1", ana.pk))
    assert stored is not None
    assert codec.unpack(stored)[2].tolist() == [bruno.pk]
