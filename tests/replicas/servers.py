"""A streaming replica of the test run's PostgreSQL, made with the embedded PostgreSQL binaries.

`pg_basebackup -R` copies the primary and writes `primary_conninfo` and `standby.signal`, so the
copy starts as a hot standby that streams the primary's WAL: PostgreSQL's own replication, the
same as docker-compose's `replica` service. It logs every statement it runs (`log_statement`),
which is how the tests tell where a page's statements ran. Like scripts/services.py, a root
user runs the servers as `embedded_postgres` (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg2

ROOT = Path(__file__).resolve().parent.parent.parent


def _binaries() -> Path:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return Path(POSTGRES_BIN_PATH)


def _system_user() -> str | None:
    return "embedded_postgres" if os.geteuid() == 0 else None


def _run(command: list[str], timeout: float = 60) -> None:
    subprocess.run(
        command,
        check=True,
        timeout=timeout,
        capture_output=True,
        user=_system_user(),
        cwd="/",
    )


@dataclass
class Replica:
    data: Path
    port: int
    database: str
    log_statements: bool = True

    @property
    def log(self) -> Path:
        return self.data / "replica.log"

    def start(self) -> None:
        logged = "all" if self.log_statements else "none"
        options = (
            f"-h '' -k {self.data} -p {self.port} -c log_statement={logged} -c hot_standby=on "
            "-c log_min_messages=warning -c logging_collector=off"
        )
        pg_ctl = str(_binaries() / "pg_ctl")
        _run([pg_ctl, "-D", str(self.data), "-w", "-l", str(self.log), "-o", options, "start"])

    def stop(self) -> None:
        pg_ctl = str(_binaries() / "pg_ctl")
        with contextlib.suppress(subprocess.CalledProcessError):
            _run([pg_ctl, "-D", str(self.data), "-w", "-m", "fast", "stop"])

    def settings_dict(self, primary: dict[str, Any]) -> dict[str, Any]:
        """A Django DATABASES entry for the replica, copied from the primary's."""
        options = {**primary.get("OPTIONS", {}), "host": str(self.data), "port": self.port}
        return {**primary, "HOST": "", "PORT": "", "NAME": self.database, "OPTIONS": options}

    def url(self) -> str:
        return f"postgres://postgres@/{self.database}?host={self.data}&port={self.port}"

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        connection = psycopg2.connect(
            host=str(self.data), port=self.port, user="postgres", dbname=self.database
        )
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def pause(self) -> None:
        self.query("SELECT pg_wal_replay_pause()")

    def resume(self) -> None:
        self.query("SELECT pg_wal_replay_resume()")

    def statements(self, since: int = 0) -> str:
        """What the replica logged from byte `since` on (its statements, one `statement:` each)."""
        with open(self.log, "rb") as log:
            log.seek(since)
            return log.read().decode(errors="replace")

    def log_size(self) -> int:
        return self.log.stat().st_size

    def wait_replayed(self, position: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            replayed = self.query(
                "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint"
            )[0][0]
            if replayed is not None and int(replayed) >= position:
                return
            time.sleep(0.05)
        raise TimeoutError("the replica did not replay the primary's WAL in time")


@contextlib.contextmanager
def streaming_replica(
    primary: dict[str, Any], folder: Path, port: int, log_statements: bool = True
) -> Iterator[Replica]:
    """Copy the primary (a Django settings dict: HOST is its socket folder) with pg_basebackup
    and run the copy as a streaming hot standby until the block ends."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    folder.chmod(0o700)
    if (user := _system_user()) is not None:
        shutil.chown(folder, user, user)
    basebackup = str(_binaries() / "pg_basebackup")
    options = primary.get("OPTIONS", {})
    host = str(primary["HOST"] or options.get("host", ""))
    port_of_primary = str(primary["PORT"] or options.get("port", 5432))
    copy = ["-D", str(folder), "-R", "-X", "stream", "-c", "fast"]
    _run([basebackup, *copy, "-h", host, "-p", port_of_primary, "-U", "postgres"], timeout=120)
    replica = Replica(folder, port, str(primary["NAME"]), log_statements)
    replica.start()
    try:
        yield replica
    finally:
        replica.stop()
        shutil.rmtree(folder, ignore_errors=True)
