"""The audit log is append-only: the model, its querysets, the admin and the database itself
refuse to change or delete an entry, and deleting a member leaves the log whole."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from moderation import services
from moderation.models import AppendOnly, LogEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(moderator: User, other: User) -> LogEntry:
    return services.log_write(action="warn", moderator=moderator, member_id=other.pk, note="x")


def test_the_model_refuses_change_and_delete(entry: LogEntry) -> None:
    entry.note = "rewritten"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        LogEntry.objects.filter(pk=entry.pk).update(note="rewritten")
    with pytest.raises(AppendOnly):
        LogEntry.objects.all().delete()
    assert LogEntry.objects.get().note == "x"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE moderation_logentry SET note = 'rewritten'", "DELETE FROM moderation_logentry"],
)
def test_the_database_refuses_change_and_delete(entry: LogEntry, statement: str) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert LogEntry.objects.get().note == "x"


def test_deleting_the_member_keeps_the_log(entry: LogEntry, other: User) -> None:
    User.objects.filter(pk=other.pk).delete()
    assert LogEntry.objects.get().member_id == other.pk


def test_the_admin_offers_no_change_and_no_delete(entry: LogEntry, moderator: User) -> None:
    client = Client()
    client.force_login(moderator)
    listing = client.get(reverse("admin:moderation_logentry_changelist"))
    assert listing.status_code == 200 and "delete_selected" not in listing.content.decode()
    change = client.get(reverse("admin:moderation_logentry_change", args=[entry.pk]))
    assert change.status_code == 200 and 'name="note"' not in change.content.decode()
    posted = client.post(
        reverse("admin:moderation_logentry_change", args=[entry.pk]), {"note": "y"}
    )
    assert posted.status_code == 403
    delete = client.post(
        reverse("admin:moderation_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert client.get(reverse("admin:moderation_logentry_add")).status_code == 403
    superuser = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    delete = client.post(
        reverse("admin:moderation_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert LogEntry.objects.get().note == "x"
