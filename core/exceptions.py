"""Errors every app shares: a refused action carries the stable `code` the API reports and a
human sentence."""

from typing import ClassVar


class DomainError(Exception):
    """A refused action: the interface maps it to its error shape, never to a 500."""

    code: ClassVar[str] = "invalid"
    status: ClassVar[int] = 400
    default_detail: ClassVar[str] = "This action is not allowed."

    def __init__(self, detail: str | None = None, *, retry_after: int | None = None) -> None:
        self.detail = detail or self.default_detail
        self.retry_after = retry_after
        super().__init__(self.detail)


class NotFound(DomainError):
    code = "not_found"
    status = 404
    default_detail = "Not found."


class SelfAction(DomainError):
    code = "self_action"
    status = 400
    default_detail = "You cannot do this to yourself."


class InvalidInput(DomainError):
    code = "invalid"
    status = 400
    default_detail = "Some fields are not valid."

    def __init__(self, fields: dict[str, list[str]], detail: str | None = None) -> None:
        self.fields = fields
        first = next((messages[0] for messages in fields.values() if messages), None)
        super().__init__(detail or first)
