"""My Network's page: invitations received and sent, people you may know, the viewer's
connections (searchable, sorted), network size and limits. The connections' cards come in
their page's own statement (selectors.CONNECTION_ROW), the invitations' and suggestions' in one
card read (network.selectors.card_members) with one batch of degrees; the rows' actions are
connections.views'."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.auth import current_member
from config.limits import RATE_LIMIT_LABELS, member_rate_limits
from connections import selectors
from connections.forms import ORDERING_BY_SORT, ConnectionFilterForm
from groups.selectors import shared_group_names
from network.selectors import (
    CardMember,
    card_members,
    cards_of_rows,
    network_size,
    ranked_suggestions,
)
from network.web import with_why

PAGE_SIZE = 30
SUGGESTIONS_SHOWN = 6


class ConnectionRow(NamedTuple):
    """A connection on My Network: the other member's card, when they connected."""

    other: CardMember
    created_at: datetime


class InvitationRow(NamedTuple):
    """A pending invitation on My Network, with the other member's card: the sender of one
    received (and the groups the two share), the recipient of one sent."""

    pk: int
    note: str
    created_at: datetime
    sender: CardMember | None = None
    recipient: CardMember | None = None
    shared_groups: Sequence[str] = ()


class SuggestionRow(NamedTuple):
    """A suggestion on My Network (network.selectors.Suggestion, with the member's card)."""

    member: CardMember
    mutual_connections_count: int
    reasons: list[str]


@login_required
def my_network(request: HttpRequest) -> HttpResponse:
    viewer = current_member(request)
    filters = ConnectionFilterForm(request.GET)
    query, sort = filters.values()
    rows = selectors.connection_rows(
        member=viewer, viewer=viewer, query=query, ordering=ORDERING_BY_SORT[sort]
    )
    # Django's paginator needs count() and slices of it (the stubs ask for a Sequence).
    connections: Page[Any] = Paginator(rows, PAGE_SIZE).get_page(  # type: ignore[arg-type]
        request.GET.get("page")
    )
    received: Page[Any] = Paginator(
        selectors.invitations_received(viewer).values_list(*selectors.INVITATION_ROW),
        PAGE_SIZE,
    ).get_page(request.GET.get("received_page"))
    sent: Page[Any] = Paginator(
        selectors.invitations_sent(viewer).values_list(*selectors.INVITATION_ROW),
        PAGE_SIZE,
    ).get_page(request.GET.get("sent_page"))
    ranked = ranked_suggestions(viewer, limit=SUGGESTIONS_SHOWN)
    # One card read, with degrees, for the invitations' and suggestions' members (their rows
    # show a badge); the connections' cards come with their page (a connection's is 1st).
    badged = [row[0] for row in received] + [row[1] for row in sent]
    badged += [member_id for member_id, _, _ in ranked]
    cards = card_members(viewer, badged)
    others = cards_of_rows(viewer, [row[2:] for row in connections], nearness=None)
    connections.object_list = [
        ConnectionRow(other, row[1]) for row, other in zip(connections, others, strict=True)
    ]
    shared = shared_group_names(viewer, [row[0] for row in received])
    received.object_list = [
        InvitationRow(pk, note, at, sender=cards[sender], shared_groups=shared.get(sender, []))
        for sender, _, pk, note, _, at, _ in received
        if sender in cards
    ]
    sent.object_list = [
        InvitationRow(pk, note, at, recipient=cards[recipient])
        for _, recipient, pk, note, _, at, _ in sent
        if recipient in cards
    ]
    suggestions = [
        SuggestionRow(cards[member_id], mutual, reasons)
        for member_id, mutual, reasons in ranked
        if member_id in cards
    ]
    with_why(viewer, [suggestion.member for suggestion in suggestions])
    context = {
        "received": received,
        "sent": sent,
        "suggestions": suggestions,
        "network_size": network_size(viewer),
        "connections": connections,
        "filters": filters,
        "query": query,
        "limits": selectors.member_limits(viewer),
        "rate_limits": [
            (RATE_LIMIT_LABELS.get(usage.scope, usage.scope), usage)
            for usage in member_rate_limits(viewer)
        ],
        "reinvite_cooldown_days": settings.REINVITE_COOLDOWN_DAYS,
    }
    return render(request, "connections/my_network.html", context)
