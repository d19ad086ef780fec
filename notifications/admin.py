"""Admin of notifications: a read-only record of what members were told and what was mailed.

No adding, editing or deleting: a deleted row would let a retried task notify (and mail) twice,
since the row's dedupe key is what makes every notification happen once.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "text", "created_at", "read_at", "email_state"]
    list_filter = ["kind", "email_state", ("read_at", admin.EmptyFieldListFilter)]
    date_hierarchy = "created_at"
    search_fields = ["recipient__email", "recipient__last_name", "dedupe_key"]
    list_select_related = ["recipient"]
    ordering = ["-created_at", "-id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
