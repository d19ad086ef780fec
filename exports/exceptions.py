"""Refusals of Download your data."""

from core.exceptions import DomainError, NotFound


class ExportInProgress(DomainError):
    code = "export_in_progress"
    status = 409
    default_detail = "Your data export is already being built. You will be told when it is ready."


class ExportNotFound(NotFound):
    code = "not_found"
    default_detail = "No such export."
