"""Write an archive entry by entry into a file: each CSV is streamed into the ZIP as its rows
arrive from the database, so memory holds one chunk of rows, never the whole archive."""

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any

from accounts.models import User
from exports import selectors

README = """Your ProConnect data
====================

profile.json      your profile, settings, skills, work history and education
connections.csv   your connections (an email only where that member shows it to connections)
invitations.csv   the invitations you sent and received
messages.csv      the messages of the conversations you were in, while you were in them
posts.csv         your posts
comments.csv      your comments
groups.csv        the groups you belong to
manifest.json     when this archive was made and how many rows each file holds

Members who are no longer visible to you (blocked either way, deactivated or suspended) are
named "Unavailable member", and their own messages are not included.
"""


def _cell(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return "" if value is None else value


def _write_csv(archive: zipfile.ZipFile, name: str, header: list[str], rows: Iterable[Any]) -> int:
    count = 0
    # force_zip64: an entry streamed without a known size may pass 2 GiB.
    with (
        archive.open(name, "w", force_zip64=True) as raw,
        io.TextIOWrapper(raw, encoding="utf-8", newline="") as text,
    ):
        writer = csv.writer(text)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(value) for value in row])
            count += 1
    return count


def _write_json(archive: zipfile.ZipFile, name: str, document: Any) -> None:
    archive.writestr(name, json.dumps(document, indent=2, ensure_ascii=False, default=_cell))


def write_archive(member: User, target: IO[bytes], *, generated_at: datetime) -> dict[str, int]:
    """Write the member's archive as a ZIP into `target`; return the rows per CSV file."""
    counts: dict[str, int] = {}
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        _write_json(archive, "profile.json", selectors.profile_document(member))
        for table in selectors.archive_tables(member):
            counts[table.name] = _write_csv(archive, table.name, table.header, table.rows)
        _write_json(
            archive,
            "manifest.json",
            {"member_id": member.pk, "generated_at": generated_at.isoformat(), "rows": counts},
        )
    return counts
