"""What an archive holds, read in chunks (server-side cursors, `.iterator(chunk_size=...)`), so
a member at the connection cap with 100,000 messages never sits in memory at once.

The privacy rules of the archive, each in one place here:

- everything that is the member's own (profile, work history, education, skills, their posts,
  comments, group memberships, the invitations and messages they sent) is in it;
- of other members, only what the member may see of them now: a connection's email only where
  that member shows it to connections (`email_shown_to_connections`, PRODUCT.md "What a viewer
  sees": 1st degree sees contact details, email only if the member shows it); a member hidden
  from them (blocked either way, deactivated or suspended: `member_visible`) is named
  "Unavailable member" without an id, their connection rows are left out and so are the
  messages they wrote;
- messages only from conversations the member was in, and within their seat: after they joined
  (`joined_after_message_id`) and not after they left.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Concat

from accounts.models import Education, Position, Profile, User, active_member
from accounts.selectors import block_between
from connections.models import Connection, Invitation
from exports.exceptions import ExportNotFound
from exports.models import DataExport
from feed.models import Comment, Post
from groups.models import Membership
from messaging.models import Message

CHUNK_SIZE = 2_000
UNAVAILABLE = "Unavailable member"


@dataclass(frozen=True)
class Table:
    """One CSV file of the archive: its name, its header and its rows, read lazily."""

    name: str
    header: list[str]
    rows: Iterator[tuple[Any, ...]]


def member_visible(viewer_id: int, path: str) -> Q:
    """The member at `path` may be seen by the viewer: active, and no block either way."""
    return active_member(path) & ~Q(block_between(viewer_id, f"{path}_id"))


def email_shown_to_connections(path: str) -> Q:
    """A connection's email is shown only where that member shows it to connections."""
    return Q(**{f"{path}__show_email_to_connections": True})


def _name_if_visible(viewer_id: int, path: str) -> Case:
    return Case(
        When(
            member_visible(viewer_id, path),
            then=Concat(F(f"{path}__first_name"), Value(" "), F(f"{path}__last_name")),
        ),
        default=Value(UNAVAILABLE),
        output_field=CharField(),
    )


def _id_if_visible(viewer_id: int, path: str) -> Case:
    return Case(When(member_visible(viewer_id, path), then=F(f"{path}_id")), default=None)


def _chunks(queryset: QuerySet[Any, Any]) -> Iterator[tuple[Any, ...]]:
    return iter(queryset.iterator(chunk_size=CHUNK_SIZE))


def profile_document(member: User) -> dict[str, Any]:
    """Return the member's own profile, work history, education and skills."""
    profile = Profile.objects.filter(member=member).first()
    return {
        "id": member.pk,
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "date_joined": member.date_joined.isoformat(),
        "settings": {
            "invitations_from": member.invitations_from,
            "connections_visible_to": member.connections_visible_to,
            "profile_visible_to_out_of_network": member.profile_visible_to_out_of_network,
            "show_email_to_connections": member.show_email_to_connections,
        },
        "profile": {
            "headline": profile.headline if profile else "",
            "summary": profile.summary if profile else "",
            "industry": profile.industry if profile else "",
            "location": profile.location if profile else "",
            "current_company": profile.current_company if profile else "",
            "current_title": profile.current_title if profile else "",
            "photo": profile.photo.name if profile and profile.photo else "",
        },
        "skills": list(profile.skills) if profile else [],
        "positions": [
            {
                "company": position.company,
                "title": position.title,
                "location": position.location,
                "start_date": position.start_date.isoformat(),
                "end_date": position.end_date.isoformat() if position.end_date else None,
                "description": position.description,
            }
            for position in Position.objects.filter(member=member).order_by("start_date", "id")
        ],
        "education": [
            {
                "school": education.school,
                "degree": education.degree,
                "field_of_study": education.field_of_study,
                "start_year": education.start_year,
                "end_year": education.end_year,
            }
            for education in Education.objects.filter(member=member).order_by("id")
        ],
    }


def connections_table(member: User) -> Table:
    """Return the member's visible connections, each email only where its owner shows it."""
    rows = (
        Connection.objects.filter(member=member)
        .filter(member_visible(member.pk, "other"))
        .annotate(
            shown_email=Case(
                When(email_shown_to_connections("other"), then=F("other__email")),
                default=Value(""),
                output_field=CharField(),
            )
        )
        .order_by("id")
        .values_list(
            "other_id",
            "other__first_name",
            "other__last_name",
            "shown_email",
            "other__profile__headline",
            "other__profile__current_company",
            "other__profile__current_title",
            "created_at",
        )
    )
    header = ["member_id", "first_name", "last_name", "email", "headline", "company", "title"]
    return Table("connections.csv", [*header, "connected_at"], _chunks(rows))


def invitations_table(member: User) -> Table:
    """Return the invitations the member sent and received, the other side named if visible."""
    sent = (
        Invitation.objects.filter(sender=member)
        .annotate(
            direction=Value("sent"),
            other_id=_id_if_visible(member.pk, "recipient"),
            other_name=_name_if_visible(member.pk, "recipient"),
        )
        .values_list("id", "direction", "other_id", "other_name", "note", "status", "created_at")
    )
    received = (
        Invitation.objects.filter(recipient=member)
        .annotate(
            direction=Value("received"),
            other_id=_id_if_visible(member.pk, "sender"),
            other_name=_name_if_visible(member.pk, "sender"),
        )
        .values_list("id", "direction", "other_id", "other_name", "note", "status", "created_at")
    )
    header = ["id", "direction", "member_id", "member_name", "note", "status", "created_at"]
    return Table("invitations.csv", header, _chunks(sent.union(received, all=True).order_by("id")))


def messages_table(member: User) -> Table:
    """Return the messages the member could read, conversation by conversation: within their
    seat, and without those of members hidden from them (their own always)."""
    seat = "conversation__participants"
    rows = (
        Message.objects.filter(
            Q(**{f"{seat}__left_at__isnull": True}) | Q(created_at__lte=F(f"{seat}__left_at")),
            **{f"{seat}__member": member},
            id__gt=F(f"{seat}__joined_after_message_id"),
        )
        .filter(Q(sender=member) | member_visible(member.pk, "sender"))
        .annotate(sender_name=Concat(F("sender__first_name"), Value(" "), F("sender__last_name")))
        .order_by("conversation_id", "id")
        .values_list(
            "conversation_id",
            "conversation__title",
            "id",
            "sender_id",
            "sender_name",
            "kind",
            "body",
            "created_at",
        )
    )
    header = ["conversation_id", "conversation_title", "message_id", "sender_id", "sender_name"]
    return Table("messages.csv", [*header, "kind", "body", "sent_at"], _chunks(rows))


def posts_table(member: User) -> Table:
    """Return the member's own posts (home and group), oldest first."""
    rows = (
        Post.objects.filter(author=member)
        .order_by("id")
        .values_list("id", "group_id", "kind", "status", "title", "body", "link_url", "created_at")
    )
    header = ["id", "group_id", "kind", "status", "title", "body", "link_url", "created_at"]
    return Table("posts.csv", header, _chunks(rows))


def comments_table(member: User) -> Table:
    """Return the member's own comments, with the post each is on."""
    rows = (
        Comment.objects.filter(author=member)
        .order_by("id")
        .values_list("id", "post_id", "body", "created_at")
    )
    return Table("comments.csv", ["id", "post_id", "body", "created_at"], _chunks(rows))


def groups_table(member: User) -> Table:
    """Return the groups the member belongs to, with their role."""
    rows = (
        Membership.objects.filter(member=member)
        .order_by("id")
        .values_list("group_id", "group__name", "role", "created_at")
    )
    return Table("groups.csv", ["group_id", "name", "role", "joined_at"], _chunks(rows))


def archive_tables(member: User) -> list[Table]:
    """Every CSV file of the archive, in the order they are written."""
    return [
        connections_table(member),
        invitations_table(member),
        messages_table(member),
        posts_table(member),
        comments_table(member),
        groups_table(member),
    ]


def latest_export_for(member: User) -> DataExport | None:
    """Return the member's latest export, or None."""
    return DataExport.objects.filter(member=member).order_by("-created_at", "-id").first()


def access_export_file(*, member: User, export_id: int) -> DataExport:
    """Return the member's export if its file may be downloaded now.

    Raises ExportNotFound for another member's export, a missing one, one not ready and one
    past its expiry alike.
    """
    export = DataExport.objects.filter(pk=export_id, member=member).first()
    if export is None or not export.is_downloadable():
        raise ExportNotFound
    return export
