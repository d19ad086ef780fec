"""Domain errors of search."""

from accounts.exceptions import DomainError


class FilterUnavailable(DomainError):
    code = "filter_unavailable"
    status = 400
    default_detail = "This filter is not available yet."
