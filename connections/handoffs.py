"""Work connections hands to an app above it, through a dependency that app gives it.

An accepted invitation's note becomes the first message of the pair's conversation, which is
messaging's work; but connections sits below messaging (docs/architecture.md) and never imports
it. So messaging gives connections the one function that takes the note over, when the project
starts (messaging.apps), and connections calls it after the acceptance commits. Why this and
not the alternatives:

- a task name written as a string for Celery's send_task: nothing checks the name, and a
  rename or a typo loses every note, at run time, in a worker;
- a Signal: any number of receivers connected from anywhere, and with none a note is dropped
  silently;
- every interface calling messaging after accepting (the page, the API, and a mutual
  invitation accepted inside `invitation_send`): one forgotten path loses the note.

Here there is exactly one handler, typed and named; accepting a note with none installed is
an error, not silence.
"""

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured

# Takes the id of an accepted invitation that has a note; schedules the conversation's opening.
InvitationNoteHandler = Callable[[int], object]


class _Installed:
    invitation_note: InvitationNoteHandler | None = None


def install(*, invitation_note: InvitationNoteHandler) -> None:
    """Give connections the handler of accepted invitations' notes (messaging.apps does)."""
    _Installed.invitation_note = invitation_note


def invitation_note_accepted(invitation_id: int) -> None:
    """Hand an accepted invitation's note over to its handler; call after commit.

    Raises ImproperlyConfigured when no handler was installed.
    """
    handler = _Installed.invitation_note
    if handler is None:
        raise ImproperlyConfigured(
            "No handler of invitation notes: messaging must be in INSTALLED_APPS."
        )
    handler(invitation_id)
