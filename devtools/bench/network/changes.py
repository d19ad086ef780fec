"""W8: connect and disconnect through the real services, timed from the commit until both
members see the change, with the friends' fan-out run and timed separately."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import User
from connections import services as connection_services
from devtools import graph_access as cache
from devtools.celery_capture import tasks_recorded
from devtools.reporting import ms
from network.selectors import nearness_for


def wait_for(condition: Callable[[], object], seconds: float, failure: str) -> None:
    """Poll `condition` (the change channel's listener works on its own thread)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise CommandError(failure)
        time.sleep(0.0001)


@dataclass
class Change:
    reflect_ms: float
    reads: int
    fanout_ms: float
    fanout_keys: int
    pushed_ms: float | None  # commit until the listener applied the g1 and g2 messages


def _pushed(applied_before: int, commit_ns: int) -> float | None:
    """Wait (up to 2 s) for the listener to apply the two messages graph_changed publishes."""
    if not cache.local.trusting():
        return None  # GRAPH_PUSHED_INVALIDATION off, or not subscribed: nothing is pushed
    wait_for(
        lambda: cache.local.applied >= applied_before + 2,
        2,
        "The change channel did not deliver within 2 s.",
    )
    return ms(cache.local.applied_at - commit_ns)


def change(viewer: User, other: User, connect: bool) -> Change:
    commit_at: list[int] = []
    applied_before = cache.local.applied
    with tasks_recorded() as sent:
        with transaction.atomic():
            transaction.on_commit(lambda: commit_at.append(time.perf_counter_ns()))
            if connect:
                outcome = connection_services.invitation_send(sender=viewer, recipient_id=other.pk)
                connection_services.invitation_accept(
                    recipient=other, invitation_id=outcome.invitation.pk
                )
            else:
                connection_services.connection_remove(member=viewer, other_id=other.pk)
        # graph_changed has run (after commit) when the atomic block returns; read until
        # both members see the change (a fresh reader would do the same).
        reads = 0
        while True:
            reads += 1
            mine = nearness_for(viewer, [other.pk])[other.pk].degree
            theirs = nearness_for(other, [viewer.pk])[viewer.pk].degree
            if (mine == 1 and theirs == 1) if connect else (mine != 1 and theirs != 1):
                break
            if reads > 10_000:
                raise RuntimeError("the change never showed")
        reflect = ms(time.perf_counter_ns() - commit_at[0])
        pushed = _pushed(applied_before, commit_at[0])
    members = [args[0] for name, args in sent if name == cache.NEIGHBOURS_CHANGED_TASK]
    started = time.perf_counter_ns()
    keys = sum(cache.neighbours_changed(batch) for batch in members)
    return Change(reflect, reads, ms(time.perf_counter_ns() - started), keys, pushed)
