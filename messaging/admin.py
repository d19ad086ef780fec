"""Moderation: conversations and messages are readable and searchable, never edited here.

A raw edit could break what the services guarantee (one 1:1 per pair, read marks, the gate),
so everything is read-only; moderators find conversations by a participant's name or email.
"""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from messaging.models import Conversation, Message, MessageDigest, Participant


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    can_delete = False
    fields = readonly_fields = (
        "member",
        "joined_at",
        "left_at",
        "last_read_message_id",
        "archived_at",
    )
    raw_id_fields = ["member"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Participant]:
        return super().get_queryset(request).select_related("member")


@admin.register(Conversation)
class ConversationAdmin(ReadOnlyAdmin):
    list_display = ["id", "is_group", "title", "participant_names", "last_message_at"]
    list_filter = ["is_group"]
    search_fields = [
        "participants__member__email",
        "participants__member__first_name",
        "participants__member__last_name",
        "title",
    ]
    fields = readonly_fields = (
        "is_group",
        "title",
        "created_by",
        "created_at",
        "last_message_at",
        "messages_link",
    )
    inlines = [ParticipantInline]
    show_full_result_count = False
    ordering = ["-last_message_at", "-id"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conversation]:
        return super().get_queryset(request).prefetch_related("participants__member")

    @admin.display(description="participants")
    def participant_names(self, conversation: Conversation) -> str:
        return ", ".join(
            f"{seat.member.full_name} <{seat.member.email}>" + (" (left)" if seat.left_at else "")
            for seat in conversation.participants.all()
        )

    @admin.display(description="messages")
    def messages_link(self, conversation: Conversation) -> str:
        url = reverse("admin:messaging_message_changelist")
        return format_html(
            '<a href="{}?conversation__id__exact={}">Read the messages</a>', url, conversation.pk
        )


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["id", "conversation", "sender", "short_body", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["sender", "conversation"]
    search_fields = [
        "sender__email",
        "sender__first_name",
        "sender__last_name",
        "conversation__participants__member__email",
        "conversation__participants__member__first_name",
        "conversation__participants__member__last_name",
    ]
    fields = readonly_fields = (
        "conversation",
        "sender",
        "kind",
        "invitation",
        "created_at",
        "body",
    )
    show_full_result_count = False
    ordering = ["-id"]

    @admin.display(description="body")
    def short_body(self, message: Message) -> str:
        return message.body if len(message.body) <= 80 else message.body[:79] + "…"


@admin.register(MessageDigest)
class MessageDigestAdmin(ReadOnlyAdmin):
    list_display = ["id", "member", "message_count", "email_state", "created_at", "emailed_at"]
    list_filter = ["email_state"]
    list_select_related = ["member"]
    search_fields = ["member__email", "member__first_name", "member__last_name"]
    fields = readonly_fields = (
        "member",
        "created_at",
        "message_count",
        "conversation_count",
        "email_state",
        "email_attempts",
        "emailed_at",
        "subject",
        "text",
    )
