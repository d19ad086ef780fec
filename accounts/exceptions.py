"""Domain errors. Each carries the stable `code` the API reports and a human sentence."""

from core.exceptions import DomainError


class MemberNotFound(DomainError):
    code = "member_not_found"
    status = 404
    default_detail = "Member not found."


class ReblockTooSoon(DomainError):
    code = "reblock_too_soon"
    status = 429
    default_detail = "You unblocked this member recently; you can block them again later."


class AlreadyBlocked(DomainError):
    code = "already_blocked"
    status = 409
    default_detail = "You have already blocked this member."


class NotBlocked(DomainError):
    code = "not_blocked"
    status = 404
    default_detail = "You have not blocked this member."


class WrongPassword(DomainError):
    code = "wrong_password"
    status = 400
    default_detail = "The password is not correct."


class EmailTaken(DomainError):
    code = "email_taken"
    status = 409
    default_detail = "A member with this email address already exists."


class InvalidPassword(DomainError):
    code = "invalid_password"
    status = 400
    default_detail = "Choose a stronger password."

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__(" ".join(messages))


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401
    default_detail = "The email address or password is not correct."


class LoginLocked(DomainError):
    code = "login_locked"
    status = 429
    default_detail = "Too many failed log-in attempts. Try again later."


class EmailUnconfirmed(DomainError):
    code = "email_unconfirmed"
    status = 403
    default_detail = (
        "Confirm your email address first: open the link we emailed you, or ask for a new one."
    )


class InvalidConfirmationKey(DomainError):
    code = "invalid_key"
    status = 400
    default_detail = "This confirmation link is invalid or has expired. Ask for a new one."


class EmailAlreadyConfirmed(DomainError):
    code = "email_already_confirmed"
    status = 409
    default_detail = "Your email address is already confirmed."


class AccountSuspended(DomainError):
    code = "account_suspended"
    status = 403
    default_detail = "Your account is suspended."


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429
    default_detail = "You are doing this too often. Try again later."
