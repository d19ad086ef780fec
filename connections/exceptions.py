"""Invitation and connection errors, with the codes of API.md."""

from accounts.exceptions import MemberNotFound
from core.exceptions import DomainError

__all__ = [
    "AlreadyConnected",
    "ConnectionLimitReached",
    "ConnectionsHidden",
    "EmailRequired",
    "InvitationNotFound",
    "InvitationNotPending",
    "InvitationPending",
    "MemberNotFound",
    "NotAllowedByRecipient",
    "NotConnected",
    "NotFirstDegree",
    "NoteTooLong",
    "PendingInvitationLimit",
    "ReinviteTooSoon",
    "SelfInvitation",
    "SkillNotListed",
    "WeeklyInvitationLimit",
]


class SelfInvitation(DomainError):
    code = "self_invitation"
    status = 400
    default_detail = "You cannot invite yourself."


class NoteTooLong(DomainError):
    code = "note_too_long"
    status = 400
    default_detail = "The note is too long."


class AlreadyConnected(DomainError):
    code = "already_connected"
    status = 409
    default_detail = "You are already connected."


class InvitationPending(DomainError):
    code = "invitation_pending"
    status = 409
    default_detail = "An invitation between you is already pending."


class NotAllowedByRecipient(DomainError):
    code = "not_allowed_by_recipient"
    status = 403
    default_detail = "This member does not accept invitations from you."


class EmailRequired(DomainError):
    code = "email_required"
    status = 403
    default_detail = "Enter this member's email address to invite them."


class ReinviteTooSoon(DomainError):
    code = "reinvite_too_soon"
    status = 429
    default_detail = "You withdrew an invitation to this member recently; try again later."


class WeeklyInvitationLimit(DomainError):
    code = "weekly_invitation_limit"
    status = 429
    default_detail = "You have reached your weekly invitation limit."


class PendingInvitationLimit(DomainError):
    code = "pending_invitation_limit"
    status = 429
    default_detail = "You have too many pending invitations; withdraw some first."


class ConnectionLimitReached(DomainError):
    code = "connection_limit_reached"
    status = 409
    default_detail = "The connection limit has been reached."


class InvitationNotPending(DomainError):
    code = "invitation_not_pending"
    status = 409
    default_detail = "This invitation is no longer pending."


class InvitationNotFound(DomainError):
    code = "invitation_not_found"
    status = 404
    default_detail = "Invitation not found."


class NotConnected(DomainError):
    code = "not_connected"
    status = 404
    default_detail = "You are not connected to this member."


class ConnectionsHidden(DomainError):
    code = "connections_hidden"
    status = 403
    default_detail = "This member's connections are not visible to you."


class NotFirstDegree(DomainError):
    """Endorsing needs a 1st-degree connection (the code messaging uses for its own rule)."""

    code = "not_first_degree"
    status = 403
    default_detail = "Only your 1st-degree connections' skills can be endorsed."


class SkillNotListed(DomainError):
    code = "skill_not_found"
    status = 404
    default_detail = "This member does not list that skill."
