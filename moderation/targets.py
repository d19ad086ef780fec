"""What can be reported, seen through each owning app: who may see it (that app's own access
selector: a target the reporter cannot see is the same not-found as a missing one), the
member responsible for it, its snapshot, and how a moderator removes it (that app's own
delete service)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from accounts.models import User
from accounts.selectors import access_member
from connections import services as connection_services
from connections.models import Invitation, InvitationStatus
from core.exceptions import DomainError, NotFound, SelfAction
from feed import moderation as feed_moderation
from feed.selectors import access_comment, access_post
from groups import moderation as group_moderation
from groups.models import Group, Membership, Role
from groups.selectors import access_group
from messaging import moderation as messaging_moderation
from messaging.models import Message
from messaging.selectors import seats_of
from moderation.exceptions import NothingToRemove
from moderation.models import TargetType
from standing.models import HiddenKind

HIDDEN_KINDS = {
    TargetType.MESSAGE: HiddenKind.MESSAGE,
    TargetType.POST: HiddenKind.POST,
    TargetType.COMMENT: HiddenKind.COMMENT,
}


@dataclass(frozen=True)
class Target:
    subject: User
    snapshot: dict[str, Any]


def _member_snapshot(member: User) -> dict[str, Any]:
    return {"member_id": member.pk, "name": member.full_name, "email": member.email}


def _stamp(moment: Any) -> str:
    return moment.isoformat() if moment else ""


def _message(reporter: User, message_id: int) -> Target:
    message = (
        Message.objects.filter(
            pk=message_id,
            conversation__participants__in=seats_of(reporter).filter(
                joined_after_message_id__lt=message_id
            ),
        )
        .select_related("sender")
        .first()
    )
    if message is None:
        raise NotFound("Message not found.")
    return Target(
        message.sender,
        {
            "author": _member_snapshot(message.sender),
            "conversation_id": message.conversation_id,
            "text": message.body,
            "created_at": _stamp(message.created_at),
        },
    )


def _authored(author_id: int, fields: dict[str, Any], created_at: datetime) -> Target:
    """A post or comment as a target: its author, with the author's snapshot and the time."""
    author = User.objects.get(pk=author_id)
    snapshot = {"author": _member_snapshot(author), **fields, "created_at": _stamp(created_at)}
    return Target(author, snapshot)


def _post(reporter: User, post_id: int) -> Target:
    post = access_post(viewer=reporter, post_id=post_id)
    fields = {
        "group_id": post.group_id,
        "title": post.title,
        "text": post.body,
        "link_url": post.link_url,
    }
    return _authored(post.author_id, fields, post.created_at)


def _comment(reporter: User, comment_id: int) -> Target:
    comment = access_comment(viewer=reporter, comment_id=comment_id)
    fields = {"post_id": comment.post_id, "text": comment.body}
    return _authored(comment.author_id, fields, comment.created_at)


def _invitation(reporter: User, invitation_id: int) -> Target:
    invitation = (
        Invitation.objects.filter(pk=invitation_id, recipient=reporter)
        .select_related("sender")
        .first()
    )
    if invitation is None or not invitation.sender.is_active_member:
        raise NotFound("Invitation not found.")
    return Target(
        invitation.sender,
        {
            "author": _member_snapshot(invitation.sender),
            "text": invitation.note,
            "created_at": _stamp(invitation.created_at),
        },
    )


def _group(reporter: User, group_id: int) -> Target:
    group = access_group(viewer=reporter, group_id=group_id)
    owner = Membership.objects.filter(group=group, role=Role.OWNER).select_related("member").first()
    if owner is None:
        raise NotFound("Group not found.")
    return Target(
        owner.member,
        {
            "owner": _member_snapshot(owner.member),
            "name": group.name,
            "text": group.description,
            "rules": group.rules,
        },
    )


def _member(reporter: User, member_id: int) -> Target:
    if member_id == reporter.pk:
        raise SelfAction("You cannot report yourself.")
    member = access_member(viewer=reporter, member_id=member_id, with_history=False)
    profile = getattr(member, "profile", None)
    return Target(
        member,
        {
            **_member_snapshot(member),
            "headline": getattr(profile, "headline", ""),
            "text": getattr(profile, "summary", ""),
        },
    )


_READERS = {
    TargetType.MEMBER: _member,
    TargetType.INVITATION: _invitation,
    TargetType.MESSAGE: _message,
    TargetType.POST: _post,
    TargetType.COMMENT: _comment,
    TargetType.GROUP: _group,
}


def target_for_reporter(reporter: User, target_type: str, target_id: int) -> Target:
    """Return the target as the reporter may see it, with the member responsible.

    Raises NotFound (missing or hidden from the reporter, whatever the owning app calls it),
    SelfAction (oneself, one's own content).
    """
    try:
        target = _READERS[TargetType(target_type)](reporter, target_id)
    except DomainError as error:
        if error.status == 404:
            raise NotFound(f"{TargetType(target_type).label} not found.") from error
        raise
    if target.subject.pk == reporter.pk:
        raise SelfAction("You cannot report your own content.")
    return target


def target_remove(target_type: str, target_id: int) -> bool:
    """Remove a reported thing through its app's own delete service; return whether anything
    was left to remove (it may be gone already).

    Raises NothingToRemove (a member is removed by suspending them).
    """
    if target_type == TargetType.MEMBER:
        raise NothingToRemove()
    if target_type == TargetType.POST:
        return feed_moderation.posts_remove_as_staff(post_ids=[target_id]) > 0
    if target_type == TargetType.COMMENT:
        return feed_moderation.comments_remove_as_staff(comment_ids=[target_id]) > 0
    if target_type == TargetType.MESSAGE:
        return messaging_moderation.messages_remove_as_staff(message_ids=[target_id]) > 0
    if target_type == TargetType.GROUP:
        if not Group.objects.filter(pk=target_id).exists():
            return False
        group_moderation.group_delete_as_staff(group_id=target_id)
        return True
    invitation = Invitation.objects.filter(pk=target_id, status=InvitationStatus.PENDING).first()
    if invitation is None:
        return False
    connection_services.invitation_withdraw(sender=invitation.sender, invitation_id=target_id)
    return True
