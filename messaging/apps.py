from celery import current_app
from django.apps import AppConfig


def _open_conversation_later(invitation_id: int) -> None:
    """Queue the task that opens the pair's conversation with an accepted invitation's note."""
    from messaging.tasks import conversation_open_from_invitation_task

    # send_task with the task's own name (never a string written here): like the hand-off
    # it replaces, the note always goes to the broker, even under CELERY_TASK_ALWAYS_EAGER,
    # where .delay() would open the conversation inside the accepting request instead.
    current_app.send_task(conversation_open_from_invitation_task.name, args=[invitation_id])


class MessagingConfig(AppConfig):
    name = "messaging"

    def ready(self) -> None:
        # connections sits below messaging and cannot import it: it receives the handler of
        # accepted invitations' notes here, explicitly (connections.handoffs says why).
        from connections import handoffs

        handoffs.install(invitation_note=_open_conversation_later)
