"""Site moderators' writes on messages (moderation's "remove the content")."""

from django.db import transaction
from django.db.models import OuterRef, Subquery

from messaging.models import Conversation, Message


@transaction.atomic
def messages_remove_as_staff(*, message_ids: list[int]) -> int:
    """Delete messages; a conversation whose last message went shows the one before. Return
    how many were deleted."""
    messages = list(Message.objects.filter(pk__in=message_ids).order_by("pk"))
    if not messages:
        return 0
    conversation_ids = sorted({message.conversation_id for message in messages})
    # The same order as sending (the conversation row first), so no deadlock with a send.
    list(Conversation.objects.select_for_update().filter(pk__in=conversation_ids).order_by("pk"))
    deleted, _ = Message.objects.filter(pk__in=[message.pk for message in messages]).delete()
    latest = Message.objects.filter(conversation_id=OuterRef("pk")).order_by("-id")
    Conversation.objects.filter(pk__in=conversation_ids).update(
        last_message=Subquery(latest.values("id")[:1]),
        last_message_at=Subquery(latest.values("created_at")[:1]),
    )
    return deleted
