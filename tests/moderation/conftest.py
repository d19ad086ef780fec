"""Moderation fixtures: moderators, content to report, and the `refused` check."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

import pytest

from accounts.models import User
from core.exceptions import DomainError
from feed import services as feed_services
from feed.models import Comment, Post
from messaging import services as messaging_services
from messaging.models import Message
from moderation.models import Case, LogEntry, Report
from notifications.models import Notification
from standing.models import Appeal, HiddenContent, Sanction
from tests.factories import UserFactory


@pytest.fixture
def third(db: None) -> User:
    return UserFactory.create(first_name="Carla", last_name="Dias")


@pytest.fixture
def moderator(db: None) -> User:
    return UserFactory.create(first_name="Mona", last_name="Moderator", is_staff=True)


@pytest.fixture
def second_moderator(db: None) -> User:
    return UserFactory.create(first_name="Otto", last_name="Overseer", is_staff=True)


def message_from(sender: User, recipient: User, body: str = "Buy cheap followers!") -> Message:
    """A message from `sender` to a connection `recipient` (through the service)."""
    outcome = messaging_services.conversation_start(
        sender=sender, participant_ids=[recipient.pk], body=body
    )
    assert outcome.message is not None
    return outcome.message


def post_by(author: User, body: str = "Click my link") -> Post:
    return feed_services.post_create(author=author, body=body)


def comment_by(author: User, post: Post, body: str = "Spam comment") -> Comment:
    return feed_services.comment_create(author=author, post_id=post.pk, body=body)


def run_after_commit(callbacks: list[Callable[[], object]]) -> None:
    """Run captured after-commit callbacks as a commit and a worker would: a queued task
    (`partial(task.delay, ...)`) runs inline, anything else is called."""
    for callback in callbacks:
        delay = getattr(callback, "func", None)
        task = getattr(delay, "__self__", None)
        if isinstance(callback, partial) and task is not None and hasattr(task, "name"):
            task(*callback.args, **callback.keywords)
        else:
            callback()


def moderation_state() -> tuple[object, ...]:
    """Everything a refused moderation action must leave untouched."""
    return (
        sorted(Report.objects.values_list("pk", "status", "case_id")),
        sorted(Case.objects.values_list("pk", "status", "automatic", "reporters_count")),
        LogEntry.objects.count(),
        sorted(Sanction.objects.values_list("pk", "lifted_at")),
        sorted(Appeal.objects.values_list("pk", "status")),
        HiddenContent.objects.count(),
        Notification.objects.count(),
        sorted(User.objects.values_list("pk", "is_active")),
    )


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[..., object]:
    """Assert a call raises the given error and leaves no trace (rows, tasks)."""

    @contextmanager
    def _refused(error: type[DomainError]) -> Iterator[None]:
        before = moderation_state()
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(error):
            yield
        assert moderation_state() == before
        assert callbacks == []

    return _refused
