"""Run `manage.py screenshots` (devtools/) against a fresh database `proconnect_screenshots`.

Started by ./scripts/screenshots (which prepares .venv first); extra arguments go to the
command. The servers come from `running_services` (DATABASE_URL / REDIS_URL, or the embedded
ones); the database is dropped and created again on every run, so every capture shows the same
seeded network, and Redis database 4 holds its caches: the development database `proconnect`
is never touched.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from services import (
    Terminated,
    child_env,
    install_signal_handlers,
    run_foreground,
    running_services,
    say,
)

ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = ROOT / "var"
DATABASE = "proconnect_screenshots"
REDIS_DB = 4


def _with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))


def _recreate_database(url: str) -> None:
    """Drop and create the screenshots database on the server `url` points at."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or ""])[0]
    connection = psycopg2.connect(
        dbname="postgres",
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password) if parts.password else None,
        host=unquote(host) or None,
        port=query.get("port", [str(parts.port or 5432)])[0],
        connect_timeout=10,
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            name = sql.Identifier(DATABASE)
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    finally:
        connection.close()


def main(arguments: list[str]) -> int:
    os.chdir(ROOT)
    install_signal_handlers()
    manage = [sys.executable, "manage.py"]
    try:
        with running_services(VAR_DIR) as (database_url, redis_url):
            url = _with_path(database_url, f"/{DATABASE}")
            say(f"Creating {DATABASE} afresh")
            _recreate_database(url)
            redis = _with_path(redis_url, f"/{REDIS_DB}")
            env = child_env(
                VAR_DIR,
                {
                    "DATABASE_URL": url,
                    "REDIS_URL": redis,
                    "CELERY_BROKER_URL": redis,
                    "DJANGO_SETTINGS_MODULE": "config.settings.local",
                    "DJANGO_DEBUG": "false",  # the product's own error pages, no query log
                    "GRAPH_SNAPSHOT_REFRESH_SECONDS": "0",
                },
            )
            say(f"Migrating {DATABASE}")
            if returncode := run_foreground([*manage, "migrate", "--no-input", "-v", "0"], env):
                return returncode
            say("Seeding the demo network and capturing the pages")
            return run_foreground([*manage, "screenshots", *arguments], env)
    except KeyboardInterrupt:
        return 130
    except Terminated as stop:
        return 128 + stop.signum


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
