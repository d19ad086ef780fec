"""The ranking behind people you may know: 2nd-degree members by mutual connections, then by
what they share with the viewer (a group, company, school, industry, location)."""

from dataclasses import dataclass

import numpy as np
from django.db.models import Q

from accounts.industries import INDUSTRY_LABELS
from accounts.models import Education, User
from accounts.selectors import visible_members
from connections.selectors import live_pending_invitations
from groups.selectors import shared_group_names
from network.models import SuggestionDismissal
from network.selectors._graph import graph

Ranked = tuple[int, int, list[str]]  # member id, mutual count, reasons


@dataclass(frozen=True)
class _Candidate:
    """What ranking a suggestion needs of a member: plain values, no model instances."""

    member_id: int
    company: str
    industry: str
    location: str


_FIELDS = ("pk", "profile__current_company", "profile__industry", "profile__location")


def rank_suggestions(viewer: User, limit: int) -> list[Ranked]:
    """The ranking of `people_you_may_know`: (member id, mutual count, reasons), best first."""
    friends = graph.first_degree([viewer.pk])[viewer.pk]
    excluded = _excluded_from_suggestions(viewer)
    counts = _mutual_counts(friends, excluded, limit * 3) if friends.size else {}
    mine, candidates = _candidates(viewer, counts)
    if len(candidates) < limit:
        excluded_ids = [*excluded, *counts, *friends.tolist()]
        candidates += _similar(viewer, mine, excluded_ids, limit - len(candidates))
    chosen = [candidate.member_id for candidate in candidates]
    schools = _schools([viewer.pk, *chosen])
    viewer_schools = schools[viewer.pk]
    groups = shared_group_names(viewer, chosen, limit=1)
    ranked = sorted(
        (
            (
                candidate.member_id,
                counts.get(candidate.member_id, 0),
                [
                    *(f"Both in the group {name}" for name in groups.get(candidate.member_id, [])),
                    *_shared_reasons(mine, candidate, schools[candidate.member_id], viewer_schools),
                ],
            )
            for candidate in candidates
        ),
        key=lambda entry: (-entry[1], -len(entry[2]), entry[0]),
    )[:limit]
    return ranked


def _excluded_from_suggestions(viewer: User) -> set[int]:
    pairs = (
        live_pending_invitations()
        .filter(Q(sender=viewer) | Q(recipient=viewer))
        .values_list("sender_id", "recipient_id")
    )
    invited = {member_id for pair in pairs for member_id in pair}
    dismissed = SuggestionDismissal.objects.filter(member=viewer).values_list(
        "dismissed_id", flat=True
    )
    return {viewer.pk, *invited, *dismissed, *graph.hidden(viewer.pk).tolist()}


def _mutual_counts(friends: np.ndarray, excluded: set[int], wanted: int) -> dict[int, int]:
    """The `wanted` members reached most often through the viewer's connections (not those
    connections, not `excluded`), with how often: their mutual count."""
    ids, tallies = _tally(graph.adjacency(friends.tolist()).joined)
    keep = ~graph.members_of(friends, ids)
    if excluded:
        keep &= ~np.isin(ids, np.fromiter(excluded, dtype=graph.IDS))
    ids, tallies = ids[keep], tallies[keep]
    if ids.size > wanted:  # only what can make the top: tallies >= the wanted-th largest
        threshold = np.partition(tallies, ids.size - wanted)[ids.size - wanted]
        ids, tallies = ids[tallies >= threshold], tallies[tallies >= threshold]
    top = np.argsort(-tallies, kind="stable")[:wanted]
    return dict(zip(ids[top].tolist(), tallies[top].tolist(), strict=True))


def _tally(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct ids (sorted) and how often each occurs; counted in place for millions."""
    if not ids.size:
        return ids, np.zeros(0, dtype=np.int64)
    if ids.size * 16 < int(ids.max()):
        return np.unique(ids, return_counts=True)
    counts = np.bincount(ids)
    distinct = np.flatnonzero(counts)
    return distinct.astype(graph.IDS), counts[distinct]


def _candidates(viewer: User, counts: dict[int, int]) -> tuple[_Candidate, list[_Candidate]]:
    """The viewer's own plain values and the counted candidates' (visible ones), in one query."""
    candidates = [
        _Candidate(*row)
        for row in (
            visible_members(viewer).filter(pk__in=list(counts)) | User.objects.filter(pk=viewer.pk)
        ).values_list(*_FIELDS)
    ]
    mine = next(candidate for candidate in candidates if candidate.member_id == viewer.pk)
    candidates.remove(mine)
    return mine, candidates


def _similar(viewer: User, mine: _Candidate, excluded: list[int], count: int) -> list[_Candidate]:
    """Up to `count` members with the viewer's company, or industry and location, by id:
    what fills up the suggestions of a small network."""
    similar = Q(profile__current_company=mine.company) if mine.company else Q(pk=None)
    if mine.industry and mine.location:
        similar |= Q(profile__industry=mine.industry, profile__location=mine.location)
    return [
        _Candidate(*row)
        for row in visible_members(viewer)
        .filter(similar)
        .exclude(pk__in=excluded)
        .order_by("pk")
        .values_list(*_FIELDS)[:count]
    ]


def _schools(member_ids: list[int]) -> dict[int, set[str]]:
    schools: dict[int, set[str]] = {member_id: set() for member_id in member_ids}
    for member_id, school in Education.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "school"
    ):
        schools[member_id].add(school)
    return schools


def _shared_reasons(
    mine: _Candidate, theirs: _Candidate, schools: set[str], viewer_schools: set[str]
) -> list[str]:
    reasons = []
    if mine.company and mine.company == theirs.company:
        reasons.append(f"Both work at {theirs.company}")
    shared = viewer_schools & schools
    if shared:
        reasons.append(f"Both studied at {sorted(shared)[0]}")
    if mine.industry and mine.industry == theirs.industry:
        reasons.append(f"Both in {INDUSTRY_LABELS.get(theirs.industry, theirs.industry)}")
    if mine.location and mine.location == theirs.location:
        reasons.append(f"Both in {theirs.location}")
    return reasons
