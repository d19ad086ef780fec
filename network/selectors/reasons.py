"""Why a member is shown: the short reasons a search result or a suggestion carries, for a
whole page in one batch (docs/network.md, "Why this member").

For each member: the mutual connections (the first MUTUAL_NAMES of them by id, as members to
show with their faces, and how many there are in all), a shared current company, school and
group, and shared skills. Nothing the viewer may not see is used: hidden members (a block
either way) never count or appear, and each reason needs the part of the profile it rests on
to be visible at the member's degree (accounts.policies.profile_sections): the current
company the card, a school the history, skills the summary; a member the viewer sees only as
"Network member" gets no reasons at all.

Queries per page, whatever its length or the members' networks: the hidden set (cached per
process, as for degree badges), the shown mutual connections, the profiles, the schools and
the shared groups: at most five.
"""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from accounts.models import Education, Profile, User, skill_key
from accounts.policies import ProfileAccess, profile_access, profile_sections
from accounts.selectors import visible_members
from groups.selectors import shared_group_names
from network.selectors._graph import graph
from network.selectors.nearness import nearness_for

MUTUAL_NAMES = 2  # mutual connections named (with faces); the rest are counted
SKILLS_SHOWN = 3
_PROBE = MUTUAL_NAMES + 4  # mutual ids looked up per member: room for a few deactivated ones


@dataclass(frozen=True)
class Why:
    """The reasons one member is shown to the viewer (empty when there are none)."""

    mutuals: tuple[User, ...] = ()  # the first MUTUAL_NAMES visible mutual connections
    mutual_count: int = 0  # every shared connection not hidden from the viewer
    company: str = ""  # the current company both name (as the member spells it)
    school: str = ""  # a school both attended (the first by name)
    group: str = ""  # a group both are in (the first by name)
    skills: tuple[str, ...] = ()  # up to SKILLS_SHOWN skills both list (the member's spelling)

    @property
    def others(self) -> int:
        """Mutual connections counted but not named."""
        return max(0, self.mutual_count - len(self.mutuals))

    def __bool__(self) -> bool:
        return bool(self.mutual_count or self.company or self.school or self.group or self.skills)


NO_REASONS = Why()


def reasons_for(viewer: User, member_ids: list[int]) -> dict[int, Why]:
    """Return, for each of `member_ids` (the viewer left out), why they are shown, in at most
    five queries for the whole list; a member with no reason maps to NO_REASONS."""
    ids = [member_id for member_id in dict.fromkeys(member_ids) if member_id != viewer.pk]
    if not ids:
        return {}
    profiles = {
        row[0]: row
        for row in Profile.objects.filter(member_id__in=[viewer.pk, *ids]).values_list(
            "member_id",
            "current_company",
            "skills",
            "member__profile_visible_to_out_of_network",
        )
    }
    nearness = nearness_for(viewer, ids)
    access = {
        member_id: profile_access(
            member=User(profile_visible_to_out_of_network=bool(profiles[member_id][3])),
            degree=nearness[member_id].degree,
        )
        for member_id in ids
        if member_id in profiles
    }
    shown = [member_id for member_id, level in access.items() if level is not ProfileAccess.MINIMAL]
    if not shown:
        return dict.fromkeys(ids, NO_REASONS)
    mutual_ids, counts = _mutual_ids(viewer, shown)
    members = visible_members(viewer).in_bulk(
        sorted({m for row in mutual_ids.values() for m in row})
    )
    with_history = [m for m in shown if profile_sections(access[m]).history]
    schools = _schools([viewer.pk, *with_history]) if with_history else {}
    groups = shared_group_names(viewer, shown, limit=1)
    mine = profiles.get(viewer.pk)
    result = dict.fromkeys(ids, NO_REASONS)
    for member_id in shown:
        sections = profile_sections(access[member_id])
        _, company, skills, _ = profiles[member_id]
        named = tuple(members[m] for m in mutual_ids[member_id] if m in members)[:MUTUAL_NAMES]
        result[member_id] = Why(
            mutuals=named,
            mutual_count=counts[member_id],
            company=company if mine and _same(mine[1], company) else "",
            school=_first_shared(schools.get(viewer.pk, {}), schools.get(member_id, {}))
            if sections.history
            else "",
            group=(groups.get(member_id) or [""])[0],
            skills=_shared_skills(mine[2] if mine else [], skills) if sections.summary else (),
        )
    return result


def _mutual_ids(viewer: User, member_ids: list[int]) -> tuple[dict[int, list[int]], dict[int, int]]:
    """The first _PROBE shared connection ids of each member (lowest first) and how many are
    shared in all, hidden members left out (as nearness_for counts them)."""
    rows = graph.first_degree([viewer.pk, *member_ids])
    hidden = graph.hidden(viewer.pk)
    friends = rows[viewer.pk]
    if hidden.size and friends.size:
        friends = friends[~graph.members_of(hidden, friends)]
    firsts: dict[int, list[int]] = {}
    counts: dict[int, int] = {}
    for member_id in member_ids:
        shared = np.intersect1d(friends, rows[member_id], assume_unique=True)
        firsts[member_id] = shared[:_PROBE].tolist()
        counts[member_id] = int(shared.size)
    return firsts, counts


def _schools(member_ids: list[int]) -> dict[int, dict[str, str]]:
    """Each member's schools: matching key → the school as they spell it."""
    schools: dict[int, dict[str, str]] = defaultdict(dict)
    for member_id, school in Education.objects.filter(member_id__in=member_ids).values_list(
        "member_id", "school"
    ):
        schools[member_id].setdefault(skill_key(school), school)
    return schools


def _same(mine: str, theirs: str) -> bool:
    return bool(mine.strip()) and skill_key(mine) == skill_key(theirs)


def _first_shared(mine: dict[str, str], theirs: dict[str, str]) -> str:
    shared = sorted(theirs[key] for key in mine.keys() & theirs.keys())
    return shared[0] if shared else ""


def _shared_skills(mine: list[str], theirs: list[str]) -> tuple[str, ...]:
    keys = {skill_key(skill) for skill in mine}
    return tuple(skill for skill in theirs if skill_key(skill) in keys)[:SKILLS_SHOWN]
