"""Authentication hooks shared by the browser login and the API token endpoint."""

from typing import Any, cast

from allauth.account.auth_backends import AuthenticationBackend
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from rest_framework import exceptions
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken, Token

from accounts.models import User
from core.compiled import CompiledQuery

# The claim every token carries: the member's token generation when it was issued.
GENERATION_CLAIM = "gen"


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Key lockouts by the lower-cased email, whichever form or API sent it."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if value is None:
        data = getattr(request, "POST", None)
        value = (data.get("email") or data.get("login")) if data is not None else None
    return str(value or "").strip().lower()


def user_may_authenticate(user: User | None) -> bool:
    """Let a member who deactivated themselves sign in (that reactivates them); refuse one an
    administrator suspended or deactivated."""
    return user is not None and user.login_allowed


def suspension_detail(member: User) -> str:
    """The sentence a member who may not log in is told (at login, on the page and the API)."""
    if not member.is_active:
        reason = member.suspension_reason.strip()
        return (
            f"Your account is suspended. Reason: {reason}"
            if reason
            else ("Your account is suspended.")
        )
    return "An administrator deactivated your account."


# The session key and signing salt of the marker a refused log-in leaves for the suspension
# appeal (docs/safety.md, "Appealing a suspension").
SUSPENSION_MARKER_KEY = "suspension_appeal"
SUSPENSION_MARKER_SALT = "accounts.auth.suspension-appeal"


def suspension_marker_issue(request: HttpRequest, member: User) -> None:
    """Remember in the (anonymous) session that this request proved the suspended member's
    password: a signed, timestamped id, good for SUSPENSION_APPEAL_MARKER_SECONDS. It logs
    nobody in."""
    request.session[SUSPENSION_MARKER_KEY] = signing.dumps(
        {"member": member.pk}, salt=SUSPENSION_MARKER_SALT
    )


def suspension_marker_clear(request: HttpRequest) -> None:
    """Forget the marker (every log-in attempt starts without one)."""
    if SUSPENSION_MARKER_KEY in request.session:
        del request.session[SUSPENSION_MARKER_KEY]


def suspension_marker_member(request: HttpRequest) -> User | None:
    """Return the member whose password this session proved at a refused log-in, while the
    marker is fresh; None without one, or for a forged or expired one."""
    value = request.session.get(SUSPENSION_MARKER_KEY)
    if not isinstance(value, str):
        return None
    try:
        payload = signing.loads(
            value,
            salt=SUSPENSION_MARKER_SALT,
            max_age=int(settings.SUSPENSION_APPEAL_MARKER_SECONDS),
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    member_id = payload.get("member") if isinstance(payload, dict) else None
    if not isinstance(member_id, int):
        return None
    return User.objects.filter(pk=member_id).first()


class MemberAuthenticationBackend(AuthenticationBackend):
    """allauth's backend; members an administrator suspended or deactivated cannot log in,
    and their existing sessions no longer resolve to them."""

    def user_can_authenticate(self, user: Any) -> bool:
        return bool(getattr(user, "login_allowed", False))

    def get_user(self, user_id: Any) -> Any:
        member = with_email_confirmed(User.objects.filter(pk=user_id)).first()
        return member if member is not None and self.user_can_authenticate(member) else None


def with_email_confirmed(members: QuerySet[User]) -> QuerySet[User]:
    """Read whether each member's login address is confirmed in the same query
    (`email_confirmed_known`, which accounts.policies.email_unconfirmed_reason uses instead of
    a query of its own: every page's banner asks it)."""
    confirmed = EmailAddress.objects.filter(
        user_id=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    return members.annotate(email_confirmed_known=Exists(confirmed))


def member_tokens(member: User) -> RefreshToken:
    """Issue a refresh token (and its access token) stamped with the member's generation."""
    refresh = RefreshToken.for_user(member)
    refresh[GENERATION_CLAIM] = member.token_generation
    return refresh


_MEMBER_BY_ID = CompiledQuery(lambda member: User.objects.filter(pk=member), member=-7_000_000_041)


class MemberJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, refusing at once a token issued before the member's
    sessions were ended (suspension, deactivation): its generation is no longer the member's."""

    def get_user(self, validated_token: Token) -> Any:
        member_id = validated_token.get(api_settings.USER_ID_CLAIM)
        # Without with_email_confirmed (the session backend's): API answers show no banner,
        # so only the actions that need a confirmed address ask, with a query of their own.
        # Compiled once (core.compiled): every API request reads this row.
        try:  # simplejwt writes the id as a string of digits
            pk = int(member_id)
        except (TypeError, ValueError):
            pk = 0
        found = _MEMBER_BY_ID.instances(member=pk) if 0 < pk < 2**63 else []
        member = found[0] if found else None
        if member is None:
            raise exceptions.AuthenticationFailed("User not found.", code="user_not_found")
        if not member.login_allowed:
            raise exceptions.PermissionDenied(suspension_detail(member), code="account_suspended")
        if validated_token.get(GENERATION_CLAIM, 0) != member.token_generation:
            raise exceptions.AuthenticationFailed(
                "This token was revoked. Log in again.", code="token_not_valid"
            )
        return member


def current_member(request: HttpRequest) -> User:
    """Return the logged-in member of a request that passed an authentication check."""
    if not request.user.is_authenticated:
        raise PermissionError("current_member() needs an authenticated request")
    return cast(User, request.user)


def display_name(user: User) -> str:
    """How allauth names a member on its pages."""
    return user.full_name or user.email
