"""Two web servers (two live gunicorn processes, as on two machines: each its own
GRAPH_SNAPSHOT_DIR and GRAPH_SNAPSHOT_MACHINE) sharing PostgreSQL and Redis: each builds and keeps
its own graph snapshot, and a change made through either shows on both within the freshness
bound (pushed invalidation: well under a second; the waits below only bound the test)."""

import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import User
from graphcache import keys
from tests.factories import UserFactory
from tests.helpers import until
from tests.replicas.servers import ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class WebServer:
    def __init__(self, machine: str, snapshots: Path) -> None:
        self.machine, self.snapshots, self.port = machine, snapshots, _free_port()
        database = connections["default"].settings_dict
        options = database["OPTIONS"]
        host = database["HOST"] or options.get("host", "")
        port = database["PORT"] or options.get("port", 5432)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": f"postgres://postgres@/{database['NAME']}?host={host}&port={port}",
            "TEST_REDIS_URL": settings.REDIS_URL,
            "GRAPH_SNAPSHOT_DIR": str(snapshots),
            "GRAPH_SNAPSHOT_MACHINE": machine,
            "GRAPH_SNAPSHOT_REFRESH_SECONDS": "3600",
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.log = open(snapshots.parent / f"{machine}.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def call(self, method: str, path: str, member: User, body: Any = None) -> tuple[int, Any]:
        token = AccessToken.for_user(member)
        token.set_iat(at_time=token.current_time - timedelta(minutes=5))
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                raw = response.read()
                return response.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def degree(self, viewer: User, member: User) -> int | None:
        status, body = self.call("GET", f"/api/v1/members/{member.pk}", viewer)
        assert status == 200, body
        return body["degree"]

    def serving(self) -> bool:
        """The worker answers (the master listens before the application is loaded)."""
        assert self.process.poll() is None, self.snapshots.parent / f"{self.machine}.log"
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.port}/healthz", timeout=30
            ) as response:
                return response.status == 200
        except OSError:
            return False

    def snapshot_files(self) -> list[Path]:
        return sorted(self.snapshots.glob(f"*/{self.machine}-*.indices.npy"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def two_servers(tmp_path: Path) -> Iterator[tuple[WebServer, WebServer]]:
    servers = []
    try:
        for machine in ("web-a", "web-b"):
            (tmp_path / machine).mkdir()
            servers.append(WebServer(machine, tmp_path / machine))
        for server in servers:
            until(server.serving, timeout=60)
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()
        redis_client = keys.client()
        for machine in ("web-a", "web-b"):
            redis_client.delete(keys.key(f"snapshot@{machine}", 0))
            redis_client.hdel(keys.key("snapshot-machines", 0), machine)


def agree_within_the_bound(
    servers: tuple[WebServer, WebServer], viewer: User, expected: dict[User, int | None]
) -> None:
    def agreed() -> bool:
        return all(
            server.degree(viewer, member) == degree
            for server in servers
            for member, degree in expected.items()
        )

    until(agreed, timeout=5)


def test_two_web_servers_keep_their_own_snapshot_and_agree_on_degrees(
    two_servers: tuple[WebServer, WebServer], connect
) -> None:
    web_a, web_b = two_servers
    ana, bruno, carla = UserFactory.create_batch(3)
    connect(bruno, carla)
    # The first graph read starts each server's listener, which builds that machine's snapshot.
    assert web_a.degree(ana, bruno) is None
    assert web_b.degree(ana, bruno) is None

    # A build writes its files, then its pointer (graphcache.snapshot.build): wait for both.
    def built(server: WebServer) -> bool:
        pointer = keys.get(keys.key(f"snapshot@{server.machine}", 0))
        return bool(server.snapshot_files()) and pointer is not None

    until(lambda: built(web_a) and built(web_b), timeout=30)
    for server in (web_a, web_b):
        pointer = keys.get(keys.key(f"snapshot@{server.machine}", 0))
        assert pointer is not None
        name = pointer.decode().split()[0]
        assert [path.name for path in server.snapshot_files()] == [f"{name}.indices.npy"]

    status, invitation = web_a.call("POST", "/api/v1/invitations", ana, {"to": bruno.pk})
    assert status == 201, invitation
    status, body = web_b.call("POST", f"/api/v1/invitations/{invitation['id']}/accept", bruno)
    assert status in (200, 201), body
    agree_within_the_bound(two_servers, ana, {bruno: 1, carla: 2})

    status, body = web_b.call("DELETE", f"/api/v1/connections/{bruno.pk}", ana)
    assert status == 204, body
    agree_within_the_bound(two_servers, ana, {bruno: None, carla: None})
