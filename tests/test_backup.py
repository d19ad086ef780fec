"""Backups that restore: ./scripts/backup, then ./scripts/restore into a fresh database, give
back the same members, connections and messages, and the media."""

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest
from django.db import connection as django_connection
from psycopg2 import sql

from accounts import services as accounts
from accounts.models import User
from connections.models import Connection
from messaging import services as messaging
from messaging.models import Message
from tests.conftest import connect_members

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump must see committed rows


def _url(name: str) -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(scheme="postgresql", path=f"/{name}"))


def _rows(dsn: str, table: str, columns: list[str]) -> list[tuple]:
    query = sql.SQL("SELECT {} FROM {}").format(
        sql.SQL(", ").join(map(sql.Identifier, columns)), sql.Identifier(table)
    )
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute(query)
        return sorted(cursor.fetchall())


def _drop(name: str) -> None:
    connection = psycopg2.connect(_url("postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            statement = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            cursor.execute(statement.format(sql.Identifier(name)))
    finally:
        connection.close()


def _run(script: str, *arguments: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [str(ROOT / "scripts" / script), *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_backup_restores_into_a_fresh_database(tmp_path: Path) -> None:
    names = [("Ana", "Silva"), ("Bruno", "Costa"), ("Carla", "Reis")]
    members = [
        accounts.member_register(
            email=f"{first.lower()}@example.com",
            password="a-long-password-2026",
            first_name=first,
            last_name=last,
        )
        for first, last in names
    ]
    for member in members:  # confirmed, so they may invite and message
        accounts.email_address_confirmed_create(member)
    connect_members(members[0], members[1])
    messaging.conversation_start(
        sender=members[0], participant_ids=[members[1].pk], body="Hello from before the backup"
    )
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "ana.jpg").write_bytes(b"not really a jpeg")

    source = django_connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    _drop(restored)
    env = {**os.environ, "DATABASE_URL": _url(source)}
    try:
        output = _run(
            "backup",
            f"--output-dir={tmp_path / 'backups'}",
            f"--media-root={media}",
            env=env,
        )
        folder = Path(output.strip().splitlines()[-1])
        assert {path.name for path in folder.iterdir()} == {
            "database.dump",
            "media.tar.gz",
            "manifest.json",
        }
        unpacked = tmp_path / "restored-media"
        _run("restore", str(folder), f"--database={restored}", f"--media-root={unpacked}", env=env)

        tables = {
            User._meta.db_table: ["id", "email", "first_name"],
            Connection._meta.db_table: ["id", "member_id", "other_id"],
            Message._meta.db_table: ["id", "conversation_id", "body"],
        }
        for table, columns in tables.items():
            before = _rows(_url(source), table, columns)
            after = _rows(_url(restored), table, columns)
            assert after == before, table
            assert after, table
        assert len(_rows(_url(restored), User._meta.db_table, ["id"])) == 3
        assert (unpacked / "photos" / "ana.jpg").read_bytes() == b"not really a jpeg"

        # A restore never overwrites: the same name again is refused.
        again = subprocess.run(
            [str(ROOT / "scripts" / "restore"), str(folder), f"--database={restored}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert again.returncode == 1
        assert "exists" in again.stderr
    finally:
        _drop(restored)
