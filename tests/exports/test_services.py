"""Download your data through the services: one export at a time, the build (stored, told,
once), expiry, failure, and the archive's contents checked field by field against the privacy
rules (nothing of another member the member may not see)."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from connections import services as connection_services
from exports import services
from exports.exceptions import ExportInProgress
from exports.models import DataExport, ExportStatus
from exports.tasks import build_data_export_task
from feed import services as feed_services
from groups.services import group_create
from messaging import services as messaging_services
from notifications.models import Notification, NotificationKind
from notifications.tasks import send_notification_email_task
from tests.concurrency import run_together
from tests.conftest import connect_members
from tests.exports.conftest import archive_of, built_archive
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_request_is_pending_and_queues_the_build(member: User, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        export = services.data_export_request(member=member)
    assert export.status == ExportStatus.PENDING
    assert len(callbacks) == 1


def test_one_export_at_a_time(member: User, refused):
    services.data_export_request(member=member)
    with refused(ExportInProgress):
        services.data_export_request(member=member)


def test_a_new_export_once_the_last_is_ready_or_failed(member: User):
    first = services.data_export_request(member=member)
    services.data_export_build(export_id=first.pk)
    second = services.data_export_request(member=member)
    services.data_export_fail(export_id=second.pk)
    third = services.data_export_request(member=member)
    assert third.status == ExportStatus.PENDING


def test_other_members_exports_do_not_count(member: User, other: User):
    services.data_export_request(member=other)
    assert services.data_export_request(member=member).member_id == member.pk


def test_build_stores_the_file_sets_the_expiry_and_tells_the_member(
    member: User, settings: Any, mailoutbox: list[Any], django_capture_on_commit_callbacks
):
    settings.DATA_EXPORT_LINK_DAYS = 2
    export = services.data_export_request(member=member)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.data_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY
    assert export.ready_at is not None and export.expires_at is not None
    assert export.expires_at - export.ready_at == timedelta(days=2)
    assert export.file_name.startswith(f"exports/{member.pk}/")
    assert default_storage.exists(export.file_name)
    assert export.size_bytes == default_storage.size(export.file_name)
    notification = Notification.objects.get(recipient=member)
    assert notification.kind == NotificationKind.DATA_EXPORT_READY
    assert notification.link == "/settings/data/"
    send_notification_email_task(notification.pk)
    [email] = mailoutbox
    assert email.to == [member.email]
    assert "/settings/data/" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_build_twice_keeps_one_file_and_tells_once(member: User, settings: Any):
    export = services.data_export_request(member=member)
    assert services.data_export_build(export_id=export.pk)
    assert not services.data_export_build(export_id=export.pk)
    files = default_storage.listdir(f"exports/{member.pk}")[1]
    assert len(files) == 1
    assert Notification.objects.filter(recipient=member).count() == 1


def test_build_of_a_missing_or_failed_export_does_nothing(member: User):
    assert not services.data_export_build(export_id=10**9)
    export = services.data_export_request(member=member)
    services.data_export_fail(export_id=export.pk)
    assert not services.data_export_build(export_id=export.pk)
    assert not default_storage.exists(f"exports/{member.pk}")


def test_the_task_marks_the_export_failed_after_its_last_retry(member: User, monkeypatch):
    export = services.data_export_request(member=member)

    def broken(**kwargs: Any) -> bool:
        raise OSError("storage down")

    monkeypatch.setattr(services, "data_export_build", broken)
    # Eager with a retry count at the maximum: the last attempt.
    with pytest.raises(OSError):
        build_data_export_task.apply(args=(export.pk,), retries=3, throw=True)
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED
    assert export.shown_status == "expired"


def test_expiry_deletes_the_file_and_marks_it_expired(member: User, other: User):
    old = services.data_export_request(member=member)
    services.data_export_build(export_id=old.pk)
    fresh = services.data_export_request(member=other)
    services.data_export_build(export_id=fresh.pk)
    old.refresh_from_db()
    name = old.file_name
    DataExport.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    old.refresh_from_db()
    assert old.shown_status == "expired"  # before the purge runs too
    assert services.data_exports_expire() == 1
    old.refresh_from_db()
    assert (old.status, old.file_name) == (ExportStatus.EXPIRED, "")
    assert not default_storage.exists(name)
    fresh.refresh_from_db()
    assert fresh.status == ExportStatus.READY and default_storage.exists(fresh.file_name)
    assert services.data_exports_expire() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_make_one_export() -> None:
    member = UserFactory.create()
    outcomes = run_together([lambda: services.data_export_request(member=member)] * 6)
    assert outcomes == {"ok": 1, "export_in_progress": 5}
    assert DataExport.objects.filter(member=member).count() == 1


# --- the archive's contents against the privacy rules ---


@pytest.fixture
def world(connect) -> dict[str, User]:
    """Ana and the members around her, each one case of the rules."""
    people = {
        name: UserFactory.create(first_name=name, last_name="Example", email=f"{name}@x.test")
        for name in ["ana", "bruno", "carla", "dario", "eva", "fabio", "gina", "hugo"]
    }
    bruno, carla = people["bruno"], people["carla"]
    User.objects.filter(pk=bruno.pk).update(show_email_to_connections=True)
    for name in ["bruno", "carla", "dario", "eva"]:
        connect(people["ana"], people[name])
    connect(bruno, carla)
    connect(bruno, people["fabio"])
    connect(carla, people["fabio"])
    for name in people:
        people[name].refresh_from_db()
    return people


def text_of_archive(archive: Any) -> str:
    return "\n".join(archive.zip.read(name).decode("utf-8") for name in archive.names)


def test_profile_holds_the_members_own_data(member: User):
    account_services.profile_update(member=member, headline="Data engineer", skills=["SQL", "Go"])
    account_services.position_create(
        member=member, company="Acme", title="Engineer", start_date=date(2020, 1, 1)
    )
    account_services.education_create(member=member, school="Lisbon", degree="BSc")
    archive = built_archive(member)
    assert archive.names == {
        "README.txt",
        "manifest.json",
        "profile.json",
        "connections.csv",
        "invitations.csv",
        "messages.csv",
        "posts.csv",
        "comments.csv",
        "groups.csv",
    }
    profile = archive.json("profile.json")
    assert profile["email"] == member.email
    assert profile["profile"]["headline"] == "Data engineer"
    assert profile["skills"] == ["SQL", "Go"]
    assert [p["company"] for p in profile["positions"]] == ["Acme"]
    assert profile["positions"][0]["start_date"] == "2020-01-01"
    assert [e["school"] for e in profile["education"]] == ["Lisbon"]
    assert archive.json("manifest.json")["member_id"] == member.pk


def test_connections_carry_an_email_only_where_its_owner_shows_it(world: dict[str, User]):
    ana = world["ana"]
    account_services.member_deactivate(member=world["dario"])
    account_services.block_create(blocker=world["eva"], blocked_id=ana.pk)
    archive = built_archive(ana)
    rows = {row["first_name"]: row for row in archive.rows("connections.csv")}
    assert set(rows) == {"bruno", "carla"}  # dario deactivated, eva blocked ana
    assert rows["bruno"]["email"] == "bruno@x.test"
    assert rows["carla"]["email"] == ""
    assert rows["bruno"]["member_id"] == str(world["bruno"].pk)
    assert set(rows["bruno"]) == {
        "member_id",
        "first_name",
        "last_name",
        "email",
        "headline",
        "company",
        "title",
        "connected_at",
    }
    everything = text_of_archive(archive)
    for hidden in ["carla@x.test", "dario@x.test", "eva@x.test", "fabio@x.test"]:
        assert hidden not in everything


def test_invitations_both_ways_with_hidden_members_unnamed(world: dict[str, User]):
    ana, gina, hugo = world["ana"], world["gina"], world["hugo"]
    sent = connection_services.invitation_send(sender=ana, recipient_id=gina.pk, note="Hi Gina")
    received = connection_services.invitation_send(sender=hugo, recipient_id=ana.pk, note="Hi")
    account_services.member_deactivate(member=hugo)
    rows = {int(row["id"]): row for row in built_archive(ana).rows("invitations.csv")}
    gina_row = rows[sent.invitation.pk]
    assert (gina_row["direction"], gina_row["member_id"], gina_row["member_name"]) == (
        "sent",
        str(gina.pk),
        "gina Example",
    )
    assert gina_row["note"] == "Hi Gina"
    hugo_row = rows[received.invitation.pk]
    assert (hugo_row["direction"], hugo_row["member_id"], hugo_row["member_name"]) == (
        "received",
        "",
        "Unavailable member",
    )
    # The accepted invitations that made Ana's connections are there too.
    assert len(rows) == 6


def test_messages_only_of_her_conversations_within_her_seat(world: dict[str, User]):
    ana, bruno, carla, eva = world["ana"], world["bruno"], world["carla"], world["eva"]
    pair = messaging_services.conversation_start(
        sender=ana, participant_ids=[bruno.pk], body="ana to bruno"
    ).conversation
    messaging_services.message_send(sender=bruno, conversation_id=pair.pk, body="bruno to ana")
    messaging_services.conversation_start(
        sender=bruno, participant_ids=[carla.pk], body="bruno to carla only"
    )
    left = messaging_services.conversation_start(
        sender=ana, participant_ids=[bruno.pk, carla.pk], body="before ana left", title="Left"
    ).conversation
    messaging_services.conversation_leave(member=ana, conversation_id=left.pk)
    messaging_services.message_send(sender=bruno, conversation_id=left.pk, body="after ana left")
    later = messaging_services.conversation_start(
        sender=bruno,
        participant_ids=[carla.pk, world["fabio"].pk],
        body="before ana joined",
        title="Later",
    ).conversation
    # Ana may join only as a connection of everyone there (the group-conversation rule).
    connect_members(ana, world["fabio"])
    messaging_services.conversation_participants_add(
        member=bruno, conversation_id=later.pk, participant_ids=[ana.pk]
    )
    messaging_services.message_send(sender=carla, conversation_id=later.pk, body="after joined")
    with_eva = messaging_services.conversation_start(
        sender=ana, participant_ids=[eva.pk], body="ana to eva"
    ).conversation
    messaging_services.message_send(sender=eva, conversation_id=with_eva.pk, body="eva to ana")
    account_services.block_create(blocker=ana, blocked_id=eva.pk)

    rows = built_archive(ana).rows("messages.csv")
    bodies = [row["body"] for row in rows]
    assert sorted(bodies) == sorted(
        ["ana to bruno", "bruno to ana", "before ana left", "after joined", "ana to eva"]
    )
    first = next(row for row in rows if row["body"] == "bruno to ana")
    assert first["sender_id"] == str(bruno.pk)
    assert first["sender_name"] == "bruno Example"
    assert first["conversation_id"] == str(pair.pk)
    assert set(first) == {
        "conversation_id",
        "conversation_title",
        "message_id",
        "sender_id",
        "sender_name",
        "kind",
        "body",
        "sent_at",
    }


def test_posts_comments_and_groups_are_her_own(world: dict[str, User]):
    ana, bruno = world["ana"], world["bruno"]
    own = feed_services.post_create(author=ana, body="ana's post")
    theirs = feed_services.post_create(author=bruno, body="bruno's post")
    feed_services.comment_create(author=ana, post_id=theirs.pk, body="ana's comment")
    feed_services.comment_create(author=bruno, post_id=own.pk, body="bruno's comment")
    group = group_create(creator=ana, name="Data people", description="SQL")
    group_create(creator=bruno, name="Bruno's club", description="Not hers")
    archive = built_archive(ana)
    assert [row["body"] for row in archive.rows("posts.csv")] == ["ana's post"]
    [comment] = archive.rows("comments.csv")
    assert (comment["body"], comment["post_id"]) == ("ana's comment", str(theirs.pk))
    [membership] = archive.rows("groups.csv")
    assert (membership["group_id"], membership["name"], membership["role"]) == (
        str(group.pk),
        "Data people",
        "owner",
    )
    everything = text_of_archive(archive)
    assert "bruno's post" not in everything and "bruno's comment" not in everything
    assert "Bruno's club" not in everything


def test_an_archive_is_read_back_from_the_stored_file(member: User):
    export = services.data_export_request(member=member)
    services.data_export_build(export_id=export.pk)
    assert archive_of(export).rows("connections.csv") == []


def test_sweep_deletes_files_no_export_names_once_an_hour_old(member: User, other: User):
    kept = services.data_export_request(member=member)
    services.data_export_build(export_id=kept.pk)
    gone = services.data_export_request(member=other)
    services.data_export_build(export_id=gone.pk)
    gone.refresh_from_db()
    name = gone.file_name
    other.delete()  # the member's rows go; the file stays until the sweep
    assert default_storage.exists(name)
    assert services.export_files_sweep() == 0  # too young: a build may be about to commit
    later = timezone.now() + timedelta(hours=1, seconds=1)
    assert services.export_files_sweep(now=later) == 1
    assert not default_storage.exists(name)
    kept.refresh_from_db()
    assert default_storage.exists(kept.file_name)
