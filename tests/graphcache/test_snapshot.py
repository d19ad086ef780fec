"""The graph snapshot: rows mapped from a file, the members changed since read the usual way."""

import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connections

import graphcache as graph
from accounts.models import User
from connections.models import Connection
from graphcache import changelog, snapshot, tasks
from graphcache import first as first_reads
from network.selectors import nearness_for
from tests.factories import UserFactory
from tests.helpers import until


@pytest.fixture(autouse=True)
def _own_folder(settings, tmp_path: Path) -> Iterator[None]:
    settings.GRAPH_SNAPSHOT_DIR = tmp_path
    until(graph.local.trusting)
    yield
    snapshot.current.forget()


def _rows(*pairs: tuple[User, User]) -> None:
    for first, second in pairs:
        Connection.objects.create(member=first, other=second)
        Connection.objects.create(member=second, other=first)


def _built() -> snapshot.Built:
    """Build, then wait for this process's listener to open it (as every process does)."""
    built = snapshot.build()
    until(lambda: (o := snapshot.current.opened) is not None and o.name == built.name)
    return built


def test_rows_come_from_the_snapshot_without_redis(db: None, redis_reads: list[list[str]]) -> None:
    ana, bruno, carla = UserFactory.create_batch(3)
    _rows((ana, bruno), (bruno, carla))
    _built()
    redis_reads.clear()
    rows = graph.adjacency([ana.pk, bruno.pk, carla.pk]).rows()
    assert {m: r.tolist() for m, r in rows.items()} == {
        ana.pk: [bruno.pk],
        bruno.pk: sorted([ana.pk, carla.pk]),
        carla.pk: [bruno.pk],
    }
    assert graph.first_degree([ana.pk])[ana.pk] is graph.first_degree([ana.pk])[ana.pk]
    assert redis_reads == []


def test_a_bulk_read_gathers_rows_and_writes_changed_ones_into_place(
    db: None, monkeypatch, django_capture_on_commit_callbacks, connect
) -> None:
    monkeypatch.setattr(first_reads, "LOCAL_MAX_MEMBERS", 1)
    ana, bruno, carla, dora, eve = UserFactory.create_batch(5)
    _rows((ana, bruno), (bruno, carla), (carla, dora))
    _built()
    connect(eve, carla)  # through the services: logged, announced, marked at once here
    opened = snapshot.current.opened
    assert opened is not None
    assert opened.clean(np.array([ana.pk, carla.pk, eve.pk])).tolist() == [True, False, False]
    ids = [dora.pk, carla.pk, ana.pk, eve.pk, bruno.pk]
    got = {m: r.tolist() for m, r in graph.adjacency(ids).rows().items()}
    assert got == {
        dora.pk: [carla.pk],
        carla.pk: sorted([bruno.pk, dora.pk, eve.pk]),
        ana.pk: [bruno.pk],
        eve.pk: [carla.pk],
        bruno.pk: sorted([ana.pk, carla.pk]),
    }
    assert nearness_for(ana, [eve.pk])[eve.pk].degree == 3


def test_a_process_opening_the_snapshot_later_reads_the_changes_logged_since(
    db: None, connect
) -> None:
    ana, bruno, carla = UserFactory.create_batch(3)
    _rows((ana, bruno))
    _built()
    connect(ana, carla)
    snapshot.current.forget()
    snapshot.current.refresh()  # a process subscribing now
    opened = snapshot.current.opened
    assert opened is not None
    assert opened.changed[ana.pk] and opened.changed[carla.pk] and not opened.changed[bruno.pk]
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == sorted([bruno.pk, carla.pk])


def test_without_its_log_or_its_file_a_snapshot_is_not_used(db: None, tmp_path: Path) -> None:
    ana, bruno = UserFactory.create_batch(2)
    _rows((ana, bruno))
    built = _built()
    graph.client().delete(changelog.log_key())  # Redis lost the log: changes since unknown
    snapshot.current.refresh()
    assert snapshot.current.opened is None
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == [bruno.pk]
    _built()
    for path in tmp_path.rglob("*.npy"):  # built on another machine: no file here
        path.unlink()
    snapshot.current.refresh()
    assert snapshot.current.opened is None
    assert built.members > 0


def test_a_new_snapshot_keeps_the_previous_one_and_forgets_older_ones(
    db: None, connect, monkeypatch
) -> None:
    seconds = iter(range(10, 60))  # a build per second (one in the same second keeps them all)
    monkeypatch.setattr(snapshot, "_started", lambda: f"20261204T1910{next(seconds)}")
    ana, bruno, carla = UserFactory.create_batch(3)
    first = _built()
    connect(ana, bruno)
    second = _built()
    connect(ana, carla)
    third = _built()
    folder = snapshot.directory()
    names = {path.name.split(".")[0] for path in folder.glob("*.npy")}
    assert names == {second.name, third.name}
    logged = {m.decode() for m in changelog.logged("-inf", "+inf")}
    # Changes up to the previous snapshot's count are forgotten; the later one stays.
    assert str(bruno.pk) not in logged and str(carla.pk) in logged
    assert f"snapshot:{first.name}" not in logged
    assert {f"snapshot:{second.name}", f"snapshot:{third.name}"} <= logged
    assert graph.first_degree([ana.pk])[ana.pk].tolist() == sorted([bruno.pk, carla.pk])


def test_forgetting_everything_retires_the_snapshot(db: None) -> None:
    _built()
    graph.forget_everything()
    until(lambda: snapshot.current.opened is None)


def test_a_lost_subscription_closes_the_snapshot_until_subscribed_again(db: None) -> None:
    built = _built()
    ours = [c for c in graph.client().client_list() if c["name"] == graph.listener_name()]
    graph.client().client_kill_filter(_id=ours[0]["id"])
    until(lambda: snapshot.current.opened is None or not graph.local.trusting())
    until(lambda: (o := snapshot.current.opened) is not None and o.name == built.name)


def test_the_command_and_the_task_write_one(db: None, capsys) -> None:
    UserFactory.create_batch(2)
    call_command("graph_snapshot")
    assert "member ids" in capsys.readouterr().out
    name = tasks.graph_snapshot_task()
    until(lambda: (o := snapshot.current.opened) is not None and o.name == name)


def test_read_csr_matches_the_rows(db: None) -> None:
    ana, bruno, carla = UserFactory.create_batch(3)
    _rows((ana, carla), (bruno, carla))
    indptr, indices = graph.read_csr()
    assert indices[indptr[carla.pk] : indptr[carla.pk + 1]].tolist() == sorted([ana.pk, bruno.pk])
    assert indptr[ana.pk + 1] - indptr[ana.pk] == 1
    assert len(indptr) == carla.pk + 2


def test_two_builds_at_once_in_one_process_write_their_own_files(db: None, monkeypatch) -> None:
    """A listener's refresh thread and a command's build may start in the same second."""
    monkeypatch.setattr(snapshot, "_started", lambda: "20261204T191049")
    ana, bruno = UserFactory.create_batch(2)
    _rows((ana, bruno))
    built: list[snapshot.Built] = []

    def build() -> None:
        try:
            built.append(snapshot.build())
        finally:
            connections.close_all()  # this thread's own

    threads = [threading.Thread(target=build) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(built) == 2 and built[0].name != built[1].name
    files = {path.name for path in snapshot.directory().glob("*.npy")}
    assert {f"{b.name}.{part}.npy" for b in built for part in ("indptr", "indices")} <= files
