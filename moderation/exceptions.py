"""Moderation errors: reporting, the queue, sanctions, appeals."""

from core.exceptions import DomainError


class ReportLimit(DomainError):
    code = "report_limit"
    status = 429
    default_detail = "You have made too many reports today. Try again tomorrow."


class NotStaff(DomainError):
    code = "not_staff"
    status = 403
    default_detail = "Only moderators can do this."


class CaseNotFound(DomainError):
    code = "not_found"
    status = 404
    default_detail = "No such case."


class CaseResolved(DomainError):
    code = "case_resolved"
    status = 409
    default_detail = "This case is already resolved."


class NothingToRemove(DomainError):
    code = "nothing_to_remove"
    status = 400
    default_detail = "A member is not content: warn, restrict or suspend them instead."


class AppealNotFound(DomainError):
    code = "not_found"
    status = 404
    default_detail = "No such appeal."


class AppealDecided(DomainError):
    code = "appeal_decided"
    status = 409
    default_detail = "This appeal is already decided."


class SameModerator(DomainError):
    code = "same_moderator"
    status = 403
    default_detail = "Another moderator must decide an appeal of your own action."


class AlreadySuspended(DomainError):
    code = "already_suspended"
    status = 409
    default_detail = "This member is already suspended."


class NotSuspended(DomainError):
    code = "not_suspended"
    status = 409
    default_detail = "This member is not suspended."


class SanctionNotFound(DomainError):
    code = "not_found"
    status = 404
    default_detail = "No such sanction."


class SanctionEnded(DomainError):
    code = "sanction_ended"
    status = 409
    default_detail = "This sanction is already lifted or over."
