"""Admin of data exports: read-only (the file is the member's alone; expiry is the periodic
task's, `services.data_exports_expire`)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import ReadOnlyAdmin
from exports.models import DataExport

SHOWN: list[Any] = ["member", "status", "created_at", "ready_at", "expires_at", "size_bytes"]


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdmin):
    list_display = SHOWN
    list_filter = ["status"]
    search_fields = ["member__email"]
    list_select_related = ["member"]
    ordering = ["-created_at", "-id"]
    fields = SHOWN  # the stored name is left out: it is the file's only secret

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return SHOWN

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
