"""Authentication hooks shared by the browser login and the API token endpoint."""

from typing import Any, cast

from django.http import HttpRequest

from accounts.models import User


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """Key lockouts by the lower-cased email, whichever form or API sent it."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if value is None:
        data = getattr(request, "POST", None)
        value = (data.get("email") or data.get("login")) if data is not None else None
    return str(value or "").strip().lower()


def user_may_authenticate(user: User | None) -> bool:
    """Let a deactivated member sign in (that reactivates them); refuse a suspended one."""
    return user is not None and user.is_active


def current_member(request: HttpRequest) -> User:
    """Return the logged-in member of a request that passed an authentication check."""
    if not request.user.is_authenticated:
        raise PermissionError("current_member() needs an authenticated request")
    return cast(User, request.user)


def display_name(user: User) -> str:
    """How allauth names a member on its pages."""
    return user.full_name or user.email
