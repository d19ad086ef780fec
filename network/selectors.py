"""The read side of the graph: degrees between members."""

from django.db import connection

from accounts.models import User

# Exact degree between two members straight from the connection rows. Three index probes at
# most; the network issue replaces this with cached second-degree sets for lists.
_DEGREE_SQL = """
SELECT CASE
  WHEN EXISTS (SELECT 1 FROM connections_connection WHERE member_id = %(a)s AND other_id = %(b)s)
    THEN 1
  WHEN EXISTS (
    SELECT 1 FROM connections_connection x
    JOIN connections_connection y ON y.member_id = x.other_id
    WHERE x.member_id = %(a)s AND y.other_id = %(b)s)
    THEN 2
  WHEN EXISTS (
    SELECT 1 FROM connections_connection x
    JOIN connections_connection y ON y.member_id = x.other_id
    JOIN connections_connection z ON z.member_id = y.other_id
    WHERE x.member_id = %(a)s AND z.other_id = %(b)s)
    THEN 3
END
"""


def degree_between(*, viewer: User, member: User) -> int | None:
    """Return 0 for self, 1, 2 or 3, or None when `member` is out of `viewer`'s network."""
    if viewer.pk == member.pk:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_DEGREE_SQL, {"a": viewer.pk, "b": member.pk})
        row = cursor.fetchone()
    return row[0] if row else None


def mutual_connection_count(*, viewer: User, member: User) -> int:
    """Count the members connected to both `viewer` and `member`."""
    from connections.models import Connection

    return Connection.objects.filter(
        member_id=member.pk,
        other_id__in=Connection.objects.filter(member_id=viewer.pk).values("other_id"),
    ).count()
