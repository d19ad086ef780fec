"""Running a benchmark command tiny, on a database of its own, in a test."""

import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection


def run_bench(command: str, report: str, output: Path, **sizes: Any) -> tuple[dict[str, Any], str]:
    """Run `command` with `sizes` on its own database; return the JSON it wrote to `report`
    and the database's name."""
    database = f"proconnect_{command}_test_{connection.settings_dict['NAME']}"[:60]
    call_command(command, database=database, output=str(output), **sizes)
    return json.loads((output / report).read_text()), database


def database_exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None
