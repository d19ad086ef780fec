"""Run `manage.py bench_network` (devtools/) against the database `proconnect_bench`.

Started by ./scripts/bench (which prepares .venv first); extra arguments go to bench_network,
or, when the first one is `bench_search`, `loadtest_search` or `profile_request`, to that
command instead (on the same loaded graph); `bench_pages` builds a database of its own
(`proconnect_bench_pages`, Redis db 5) next to it.
The servers come from `running_services` (DATABASE_URL / REDIS_URL, or the embedded ones);
the benchmark gets its own database on that PostgreSQL server, created and migrated here, and
Redis database 3, so the development database `proconnect` and its caches are never touched.
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
BENCH_DATABASE = "proconnect_bench"
BENCH_REDIS_DB = 3
# Commands that run on the same loaded graph instead of bench_network, named first:
#   ./scripts/bench bench_search --skip-load      ./scripts/bench loadtest_search
OTHER_COMMANDS = ("bench_search", "loadtest_search", "profile_request", "bench_pages")


def _with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))


def _ensure_database(url: str) -> None:
    """Create the benchmark database on the server `url` points at, if it is missing."""
    import psycopg2
    from psycopg2 import errors, sql

    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or ""])[0]
    port = query.get("port", [str(parts.port or 5432)])[0]
    connection = psycopg2.connect(
        dbname="postgres",
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password) if parts.password else None,
        host=unquote(host) or None,
        port=port,
        connect_timeout=10,
    )
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE])
            if cursor.fetchone() is None:
                try:
                    cursor.execute(
                        sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DATABASE))
                    )
                    say(f"Created database {BENCH_DATABASE}")
                except errors.DuplicateDatabase:
                    pass
    finally:
        connection.close()


def main(arguments: list[str]) -> int:
    os.chdir(ROOT)
    install_signal_handlers()
    manage = [sys.executable, "manage.py"]
    try:
        with running_services(VAR_DIR) as (database_url, redis_url):
            bench_url = _with_path(database_url, f"/{BENCH_DATABASE}")
            _ensure_database(bench_url)
            redis_bench = _with_path(redis_url, f"/{BENCH_REDIS_DB}")
            env = child_env(
                VAR_DIR,
                {
                    "DATABASE_URL": bench_url,
                    "REDIS_URL": redis_bench,
                    "CELERY_BROKER_URL": redis_bench,
                    "DJANGO_SETTINGS_MODULE": "config.settings.local",
                    "DJANGO_DEBUG": "false",  # no query log: it would cost time and memory
                    # The load test's lifted throttles (its servers set them the same way).
                    "THROTTLE_USER": "1000000000/min",
                    "SEARCH_PEOPLE_RATE": "1000000000/min",
                    "SEARCH_TYPEAHEAD_RATE": "1000000000/min",
                    # One core for the application, as the targets say.
                    "OMP_NUM_THREADS": "1",
                    "OPENBLAS_NUM_THREADS": "1",
                    "MKL_NUM_THREADS": "1",
                },
            )
            say(f"Migrating {BENCH_DATABASE}")
            if returncode := run_foreground([*manage, "migrate", "--no-input", "-v", "0"], env):
                return returncode
            command = "bench_network"
            if arguments and arguments[0] in OTHER_COMMANDS:
                command, arguments = arguments[0], arguments[1:]
            say(f"Running {command} " + " ".join(arguments))
            return run_foreground([*manage, command, *arguments], env)
    except KeyboardInterrupt:
        return 130
    except Terminated as stop:
        return 128 + stop.signum


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
