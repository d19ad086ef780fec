"""django-allauth adapter: the browser flows call the same services as the API."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from accounts import services
from accounts.models import User


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.profile_create_for(user)
        return user

    def login(self, request: HttpRequest, user: User) -> None:
        services.member_reactivate(member=user)
        super().login(request, user)
