"""Messaging errors, with the codes of API.md ("Messaging") and docs/messaging.md."""

from core.exceptions import DomainError, InvalidInput

__all__ = [
    "ConversationNotFound",
    "EmptyMessage",
    "InvalidInput",
    "MessageRateLimited",
    "MessageTooLong",
    "NoParticipants",
    "NoRecipients",
    "NotAGroup",
    "NotConnectedToEveryone",
    "NotFirstDegree",
    "TooManyParticipants",
]


class ConversationNotFound(DomainError):
    """Missing, or not the member's: the two are indistinguishable on purpose."""

    code = "conversation_not_found"
    status = 404
    default_detail = "Conversation not found."


class NotFirstDegree(DomainError):
    """Also what a block between the sender and a participant says: it reveals nothing more
    than the removal of the connection that every block implies."""

    code = "not_first_degree"
    status = 403
    default_detail = "You can message only your 1st-degree connections."


class NotConnectedToEveryone(DomainError):
    """A group addition refused because someone added is not a 1st-degree connection of every
    current participant: admitted, they would silence the whole group (PRODUCT.md)."""

    code = "not_connected_to_everyone"
    status = 403
    default_detail = "You can add only people who are connected to everyone in this conversation."


class BodyError(DomainError):
    """A refused message body: also reported under `fields.body`, as validation errors are."""

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail)
        self.fields = {"body": [self.detail]}


class EmptyMessage(BodyError):
    code = "empty_message"
    status = 400
    default_detail = "Write a message first."


class MessageTooLong(BodyError):
    code = "message_too_long"
    status = 400
    default_detail = "The message is too long."


class NoParticipants(DomainError):
    code = "no_participants"
    status = 400
    default_detail = "Choose at least one connection to message."


class TooManyParticipants(DomainError):
    code = "too_many_participants"
    status = 400
    default_detail = "A conversation has too many participants."


class NotAGroup(DomainError):
    code = "not_a_group"
    status = 409
    default_detail = "This is a conversation between two members; start a group instead."


class NoRecipients(DomainError):
    code = "no_recipients"
    status = 409
    default_detail = "Nobody else is left in this conversation."


class MessageRateLimited(DomainError):
    code = "message_rate_limited"
    status = 429
    default_detail = "You are sending messages too fast. Try again in a moment."
