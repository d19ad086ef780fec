"""Writes of endorsements: a member vouches for a skill a 1st-degree connection lists.

One endorsement per endorser, member and skill (`accounts_endorsement_once`); endorsing again
is a no-op that answers the same endorsement. The skill is matched as `skill_key` (case and
spacing ignored). An endorsement goes when the connection goes (`connection_remove` calls
`endorsements_remove_between` by name) and when the member drops the skill
(`accounts.services.profile_update`).

Concurrency: `endorsement_create` locks the endorser's connection row (FOR NO KEY UPDATE:
a concurrent `connection_remove` deletes it, so one waits for the other) and the member's
profile row (FOR NO KEY UPDATE: `profile_update` takes FOR UPDATE on it), so an endorsement is
never left behind by a connection or skill removed at the same moment.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q

from accounts.models import Endorsement, Profile, User, skill_key
from accounts.selectors import access_member
from connections.exceptions import NotFirstDegree, SkillNotListed
from connections.models import Connection
from core.exceptions import InvalidInput, SelfAction


def _clean_skill(skill: object) -> str:
    if not isinstance(skill, str) or not skill_key(skill):
        raise InvalidInput({"skill": ["Name the skill to endorse."]})
    if len(skill) > 200:
        raise SkillNotListed()
    return skill_key(skill)


@transaction.atomic
def endorsement_create(
    *, endorser: User, member_id: int, skill: object
) -> tuple[Endorsement, bool]:
    """Endorse a skill the member lists; return it and whether it is new (idempotent).

    Raises InvalidInput, SelfAction, MemberNotFound, NotFirstDegree, SkillNotListed.
    """
    key = _clean_skill(skill)
    if member_id == endorser.pk:
        raise SelfAction("You cannot endorse your own skills.")
    member = access_member(viewer=endorser, member_id=member_id, with_history=False)
    connected = (
        Connection.objects.select_for_update(no_key=True)
        .filter(member=endorser, other=member)
        .exists()
    )
    if not connected:
        raise NotFirstDegree()
    profile = Profile.objects.select_for_update(no_key=True).get(member=member)
    if key not in {skill_key(listed) for listed in profile.skills}:
        raise SkillNotListed()
    try:
        with transaction.atomic():
            return Endorsement.objects.get_or_create(member=member, endorser=endorser, skill=key)
    except IntegrityError:  # a concurrent request endorsed the same skill
        return Endorsement.objects.get(member=member, endorser=endorser, skill=key), False


def endorsement_delete(*, endorser: User, member_id: int, skill: object) -> None:
    """Withdraw one's endorsement of a member's skill (idempotent).

    Raises InvalidInput, MemberNotFound.
    """
    key = _clean_skill(skill)
    member = access_member(viewer=endorser, member_id=member_id, with_history=False)
    Endorsement.objects.filter(member=member, endorser=endorser, skill=key).delete()


def endorsements_remove_between(first_id: int, second_id: int) -> None:
    """Delete the endorsements two members gave each other (their connection is going)."""
    Endorsement.objects.filter(
        Q(member_id=first_id, endorser_id=second_id) | Q(member_id=second_id, endorser_id=first_id)
    ).delete()
