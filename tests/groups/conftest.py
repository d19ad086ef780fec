"""Groups fixtures: a third member, a group made through the service, and a refusal checker."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import pytest

from accounts.models import User
from core.exceptions import DomainError
from feed.models import Comment, Post, Reaction
from groups import services
from groups.models import Ban, Group, GroupInvitation, JoinRequest, Membership
from notifications.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def third(db: None) -> User:
    return UserFactory.create(first_name="Carla", last_name="Dias")


def make_group(owner: User, **fields: object) -> Group:
    fields.setdefault("name", "Django developers")
    return services.group_create(creator=owner, **fields)


def groups_state() -> tuple[object, ...]:
    """Everything a refused action must leave untouched."""
    return (
        sorted(
            Group.objects.values_list("pk", "name", "member_count", "visibility", "pinned_post")
        ),
        sorted(Membership.objects.values_list("group_id", "member_id", "role")),
        sorted(JoinRequest.objects.values_list("pk", "status")),
        sorted(Ban.objects.values_list("group_id", "member_id")),
        sorted(GroupInvitation.objects.values_list("pk", "status")),
        sorted(Post.objects.values_list("pk", "status", "body")),
        Comment.objects.count(),
        Reaction.objects.count(),
        Notification.objects.count(),
    )


@pytest.fixture
def refused(django_capture_on_commit_callbacks) -> Callable[..., object]:
    """Assert a call raises the given error (and code) and leaves no trace (rows, tasks)."""

    @contextmanager
    def _refused(error: type[DomainError], code: str | None = None) -> Iterator[None]:
        before = groups_state()
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(error) as info:
            yield
        assert groups_state() == before
        assert callbacks == []
        if code:
            assert info.value.code == code

    return _refused


def queued_tasks(callbacks: list[Callable[[], object]]) -> list[tuple[str, dict[str, Any]]]:
    """Name the Celery tasks that captured after-commit callbacks would queue, with their
    arguments (the callbacks are `partial(task.delay, ...)`)."""
    tasks = []
    for callback in callbacks:
        assert isinstance(callback, partial), callback
        task = callback.func.__self__  # type: ignore[attr-defined]
        tasks.append((task.name, dict(callback.keywords)))
    return tasks


def run_queued(callbacks: list[Callable[[], object]]) -> list[object]:
    """Run the tasks that captured after-commit callbacks would queue, inline, as a worker
    would; return what each returned."""
    results = []
    for callback in callbacks:
        assert isinstance(callback, partial), callback
        task = callback.func.__self__  # type: ignore[attr-defined]
        results.append(task(*callback.args, **callback.keywords))
    return results
