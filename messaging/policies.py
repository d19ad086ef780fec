"""May this member message those? One gate for the service, the pages, the API and the button.

The 1st-degree rule is exact and read from PostgreSQL. Inside the sending transaction the
rows are read `FOR SHARE`: a concurrent `connection_remove` (which deletes both directed rows)
either committed first, and the send sees no row and is refused, or waits until the send has
committed. Either way no message is ever saved to someone who was no longer a connection.
"""

import math
import time
from collections.abc import Collection, Iterable
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from accounts.models import User, active_member
from accounts.policies import email_unconfirmed_reason
from accounts.selectors import block_between
from connections.models import Connection
from core.exceptions import DomainError, SelfAction
from messaging.exceptions import (
    MessageRateLimited,
    NoRecipients,
    NotConnectedToEveryone,
    NotFirstDegree,
)
from standing.policies import restriction_reason

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}  # as DRF reads "30/min"

NOT_CONNECTED_TO_EVERYONE = (
    "You can send messages here only while you are connected to every participant."
)


def _first_degree_among(sender_id: int, member_ids: Collection[int], *, lock: bool) -> set[int]:
    """Return which of `member_ids` are active 1st-degree connections of the sender with no
    block either way between them (one query)."""
    rows = (
        Connection.objects.filter(
            active_member("other"),
            member_id=sender_id,
            other_id__in=sorted(member_ids),
        )
        .filter(~block_between(sender_id, "other_id"))
        .order_by("other_id")
        .values_list("other_id", flat=True)
    )
    if not lock:
        return set(rows)
    # The same query, FOR SHARE OF the connection rows: Django's select_for_update() can
    # only take FOR UPDATE, which would needlessly serialize two senders.
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f'{sql} FOR SHARE OF "{Connection._meta.db_table}"', params)
        return {row[0] for row in cursor.fetchall()}


def message_send_block_reason(
    *, sender: User, other_ids: Collection[int], lock: bool = False, detail: str | None = None
) -> DomainError | None:
    """Say why `sender` may not message these members now, or None when they may.

    Every other member must be an active 1st-degree connection of the sender, with no block
    either way. A block answers `not_first_degree` too: every block removes the connection,
    and a distinct code would tell the blocked member they were blocked. With `lock=True`
    (inside the sending transaction) the connection rows are read FOR SHARE.
    """
    ids = {member_id for member_id in other_ids if member_id != sender.pk}
    if not ids:
        return NoRecipients()
    restricted = restriction_reason(sender, "message")
    if restricted is not None:
        return restricted
    if _first_degree_among(sender.pk, ids, lock=lock) != ids:
        return NotFirstDegree(detail)
    return email_unconfirmed_reason(sender)


def participants_add_block_reason(
    *, participant_ids: Collection[int], new_ids: Collection[int], lock: bool = False
) -> DomainError | None:
    """Say why `new_ids` may not join a group whose active members are `participant_ids`.

    Each new member must be an active 1st-degree connection of every current participant
    (PRODUCT.md "Messaging": no addition can silence the others, since a send needs the
    sender connected to everyone). One query over the connection rows, read FOR SHARE with
    `lock=True` (inside the adding transaction), as the send gate reads them. A block removes
    the connection, so it refuses here too, under the same code.
    """
    current = sorted(set(participant_ids) - set(new_ids))
    new = sorted(set(new_ids))
    if not current or not new:
        return None
    rows = (
        Connection.objects.filter(active_member("other"), member_id__in=current, other_id__in=new)
        .order_by("member_id", "other_id")
        .values_list("member_id", "other_id")
    )
    if lock:
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f'{sql} FOR SHARE OF "{Connection._meta.db_table}"', params)
            pairs = {(row[0], row[1]) for row in cursor.fetchall()}
    else:
        pairs = set(rows)
    if len(pairs) != len(current) * len(new):
        return NotConnectedToEveryone()
    return None


def message_block_reason(*, sender: User, member: User) -> DomainError | None:
    """Say why `sender` may not message `member` (the "Message" button), or None."""
    return message_block_reasons(sender=sender, members=[member])[member.pk]


def message_block_reasons(
    *, sender: User, members: Iterable[Any], attribute: str = ""
) -> dict[int, DomainError | None]:
    """Answer message_block_reason for a whole list of members in one query.

    `members` are members, or rows holding one in `attribute` (e.g. connections and "other").
    """
    people = [getattr(row, attribute) if attribute else row for row in members]
    ids = {person.pk for person in people if person.pk != sender.pk}
    connected = _first_degree_among(sender.pk, ids, lock=False) if ids else set()
    # The sender's own refusals are the same for every connection: read once, not per member.
    own_reason = None
    if connected:
        own_reason = restriction_reason(sender, "message") or email_unconfirmed_reason(sender)
    reasons: dict[int, DomainError | None] = {}
    for person in people:
        if person.pk == sender.pk:
            reasons[person.pk] = SelfAction("You cannot message yourself.")
        elif person.pk not in connected:
            # No name here: the button also shows on profiles whose name the viewer may not see.
            reasons[person.pk] = NotFirstDegree(
                "You can message only your 1st-degree connections. Connect first."
            )
        else:
            reasons[person.pk] = own_reason
    return reasons


def message_rate() -> tuple[int, int]:
    """Return (sends, seconds) of the "messages" throttle rate in REST_FRAMEWORK, read now."""
    rest_framework = cast(dict[str, Any], settings.REST_FRAMEWORK)
    rate = rest_framework["DEFAULT_THROTTLE_RATES"]["messages"]
    count, period = str(rate).split("/")
    return int(count), _PERIODS[period.strip()[0]]


def send_rate_block_reason(member: User) -> DomainError | None:
    """Count one send attempt by `member` and refuse it past the rate, or return None.

    One counter for the page and the API: a fixed window in the cache (Redis), incremented
    atomically, so concurrent requests cannot both take the last slot.
    """
    limit, window = message_rate()
    now = time.time()
    slot = int(now // window)
    key = f"messaging:sends:{member.pk}:{window}:{slot}"
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        retry_after = max(1, math.ceil((slot + 1) * window - now))
        period = {1: "second", 60: "minute", 3600: "hour", 86400: "day"}[window]
        return MessageRateLimited(
            f"You are sending messages too fast (at most {limit} a {period}). "
            f"Try again in {retry_after} seconds.",
            retry_after=retry_after,
        )
    return None
