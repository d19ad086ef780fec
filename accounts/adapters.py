"""django-allauth adapter: the browser flows call the same services as the API."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import services
from accounts.auth import (
    suspension_detail,
    suspension_marker_clear,
    suspension_marker_issue,
    suspension_marker_member,
)
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.profile_create_for(user)
        return user

    def authenticate(self, request: HttpRequest, **credentials: Any) -> AbstractBaseUser | None:
        """allauth's password check. A member it returns passed the password (allauth hands
        back a refused member too, for the inactive page); a suspended one gets the marker that
        opens the appeal of the suspension, any other attempt drops an earlier marker."""
        suspension_marker_clear(request)
        user = super().authenticate(request, **credentials)
        if isinstance(user, User) and not user.is_active:  # suspended, the password right
            suspension_marker_issue(request, user)
        return user

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        refused = super().pre_login(request, user, **kwargs)  # suspended: is_active is off
        if refused is None and not user.login_allowed:  # deactivated by an administrator
            clear_login(request)
            return self.respond_user_inactive(request, user)
        return refused

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> HttpResponse:
        """Tell a member who may not log in why (PRODUCT.md: told why at login). A suspended
        member whose password this attempt proved goes to the page that also offers the
        appeal (moderation.views.suspended); anyone else reads the sentence here."""
        marked = suspension_marker_member(request)
        if marked is not None and marked.pk == user.pk:
            return redirect("moderation:suspended")
        context = {"detail": suspension_detail(user)}
        return render(request, "account/account_inactive.html", context, status=403)

    def login(self, request: HttpRequest, user: User) -> None:
        services.member_reactivate(member=user)  # a deactivation of their own only
        super().login(request, user)
