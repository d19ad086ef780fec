"""One-click unsubscribe (RFC 8058): every email carries a signed link that turns its kind's
email off without logging in. The signature (django.core.signing, salted) is the authorization:
it names the member and the kind, and nobody can make one without the SECRET_KEY."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from core.exceptions import NotFound
from notifications.models import NotificationKind

SALT = "notifications.unsubscribe"


class InvalidUnsubscribeLink(NotFound):
    code = "invalid_link"
    default_detail = "This unsubscribe link is not valid."


def unsubscribe_token(member_id: int, kind: str) -> str:
    """Sign (member, kind) for an unsubscribe link."""
    return signing.dumps([member_id, kind], salt=SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """Return the (member id, kind) a link was signed for.

    Raises InvalidUnsubscribeLink for a forged, altered or malformed token.
    """
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise InvalidUnsubscribeLink from error
    match value:
        case [int() as member_id, str() as kind] if kind in NotificationKind.values:
            return member_id, kind
    raise InvalidUnsubscribeLink


def unsubscribe_url(member_id: int, kind: str) -> str:
    """Return the absolute one-click unsubscribe URL for this member and kind."""
    path = reverse("notifications_unsubscribe", args=[unsubscribe_token(member_id, kind)])
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(member_id: int, kind: str) -> dict[str, str]:
    """The RFC 8058 headers of an email of this kind to this member."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(member_id, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
