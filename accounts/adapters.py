"""django-allauth adapter: the browser flows call the same services as the API."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts import services
from accounts.auth import suspension_detail
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.profile_create_for(user)
        return user

    def pre_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse | None:
        refused = super().pre_login(request, user, **kwargs)  # suspended: is_active is off
        if refused is None and not user.login_allowed:  # deactivated by an administrator
            clear_login(request)
            return self.respond_user_inactive(request, user)
        return refused

    def respond_user_inactive(self, request: HttpRequest, user: Any) -> HttpResponse:
        """Tell a member who may not log in why (PRODUCT.md: told why at login)."""
        context = {"detail": suspension_detail(user)}
        return render(request, "account/account_inactive.html", context, status=403)

    def login(self, request: HttpRequest, user: User) -> None:
        services.member_reactivate(member=user)  # a deactivation of their own only
        super().login(request, user)
