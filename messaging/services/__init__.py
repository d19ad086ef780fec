"""Writes of messaging: start, send, read, archive, leave, add; the invitation note; digests.

A send locks the conversation row (sends in one conversation serialize, so message ids
commit in order inside it), then checks the gate with the connection rows read FOR SHARE
(messaging.policies), then writes. Lock order is always conversation → connection rows; the
connection services never lock conversations, so the two cannot deadlock.

`messages` sends (start, send, the invitation note), `membership` is who is in a
conversation (add, leave, archive), `read_state` marks read and notifies of new messages,
`digests` mails unread messages in batches; `core` is what they share (locks, the gate,
writing a message).
"""

from messaging.services.core import clean_body
from messaging.services.digests import (
    message_digest_create,
    message_digest_send,
    message_digests_create,
)
from messaging.services.membership import (
    ADD_REFUSED,
    conversation_archive,
    conversation_leave,
    conversation_participants_add,
)
from messaging.services.messages import (
    START_GROUP_REFUSED,
    StartOutcome,
    conversation_open_from_invitation,
    conversation_start,
    message_send,
)
from messaging.services.read_state import (
    NEW_MESSAGE_KIND,
    conversation_mark_read,
    new_message_notify,
    seat_mark_read,
)

__all__ = [
    "ADD_REFUSED",
    "NEW_MESSAGE_KIND",
    "START_GROUP_REFUSED",
    "StartOutcome",
    "clean_body",
    "conversation_archive",
    "conversation_leave",
    "conversation_mark_read",
    "conversation_open_from_invitation",
    "conversation_participants_add",
    "conversation_start",
    "message_digest_create",
    "message_digest_send",
    "message_digests_create",
    "message_send",
    "new_message_notify",
    "seat_mark_read",
]
