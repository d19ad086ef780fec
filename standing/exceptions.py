"""Standing errors: a restricted action, appeals."""

from core.exceptions import DomainError


class Restricted(DomainError):
    """A moderator (or the automatic protection) restricted this action; `detail` says what and
    until when, `retry_after` how long when there is an end."""

    code = "restricted"
    status = 403
    default_detail = "Your account is restricted from doing this."


class SanctionNotFound(DomainError):
    code = "not_found"
    status = 404
    default_detail = "No such sanction on your account."


class AppealExists(DomainError):
    code = "appeal_exists"
    status = 409
    default_detail = "You have already appealed this sanction."


class NotSuspended(DomainError):
    """A suspension appeal from a member with no suspension in force (never suspended, lifted
    since, or deactivated by an administrator, which is not a sanction)."""

    code = "not_suspended"
    status = 409
    default_detail = "Your account is not suspended: there is no suspension to appeal."
