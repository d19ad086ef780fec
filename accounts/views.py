"""Member pages: profile edit, photo, history, settings, blocks. Thin: parse, call, render."""

from collections.abc import Callable

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.auth import current_member
from accounts.forms import (
    DeleteAccountForm,
    EducationForm,
    PhotoForm,
    PositionForm,
    ProfileForm,
    SettingsForm,
)
from accounts.models import User
from core.exceptions import DomainError, InvalidInput
from core.web import next_url, refused_page


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a refused action on the form that asked for it."""
    if isinstance(error, InvalidInput):
        for field, field_messages in error.fields.items():
            for message in field_messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        form.add_error(None, error.detail)


def _own_profile(request: HttpRequest) -> User:
    member = current_member(request)
    return selectors.access_member(viewer=member, member_id=member.pk)


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    member = _own_profile(request)
    form = ProfileForm(request.POST or None, instance=member.profile, member=member)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.cleaned_data}
        try:
            services.profile_update(member=member, **changes)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your profile was saved.")
            return redirect("profile", member_id=member.pk)
    context = {
        "member": member,
        "form": form,
        "photo_form": PhotoForm(),
        "position_form": PositionForm(),
        "education_form": EducationForm(),
        "strength": selectors.profile_strength(member),
    }
    return render(request, "accounts/profile_edit.html", context)


@login_required
@require_POST
def photo_upload(request: HttpRequest) -> HttpResponse:
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.profile_photo_set(
                member=current_member(request), upload=form.cleaned_data["photo"]
            )
        except DomainError as error:
            add_domain_error(form, error)
    member = _own_profile(request)
    if request.htmx:  # type: ignore[attr-defined]
        context = {"member": member, "photo_form": form if form.errors else PhotoForm()}
        return render(request, "accounts/_photo.html", context)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, "Your photo was updated.")
    return redirect("profile_edit")


@login_required
@require_POST
def photo_remove(request: HttpRequest) -> HttpResponse:
    services.profile_photo_remove(member=current_member(request))
    member = _own_profile(request)
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "accounts/_photo.html", {"member": member, "photo_form": PhotoForm()}
        )
    return redirect("profile_edit")


def _history_response(
    request: HttpRequest,
    position_form: forms.BaseForm | None = None,
    education_form: forms.BaseForm | None = None,
) -> HttpResponse:
    member = _own_profile(request)
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            "member": member,
            "position_form": position_form or PositionForm(),
            "education_form": education_form or EducationForm(),
        }
        return render(request, "accounts/_history.html", context)
    return redirect("profile_edit")


def _history_add(
    request: HttpRequest,
    form_class: type[PositionForm] | type[EducationForm],
    create: Callable[..., object],
    form_name: str,
) -> HttpResponse:
    """Add a position or a school from its form; a refusal comes back on the form."""
    form = form_class(request.POST)
    if form.is_valid():
        try:
            create(member=current_member(request), **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            form = form_class()
    return _history_response(request, **{form_name: form})


def _history_delete(
    request: HttpRequest, delete: Callable[..., None], **entry_id: int
) -> HttpResponse:
    try:
        delete(member=current_member(request), **entry_id)
    except DomainError as error:
        raise Http404(error.detail) from error
    return _history_response(request)


@login_required
@require_POST
def position_add(request: HttpRequest) -> HttpResponse:
    return _history_add(request, PositionForm, services.position_create, "position_form")


@login_required
@require_POST
def position_delete(request: HttpRequest, position_id: int) -> HttpResponse:
    return _history_delete(request, services.position_delete, position_id=position_id)


@login_required
@require_POST
def education_add(request: HttpRequest) -> HttpResponse:
    return _history_add(request, EducationForm, services.education_create, "education_form")


@login_required
@require_POST
def education_delete(request: HttpRequest, education_id: int) -> HttpResponse:
    return _history_delete(request, services.education_delete, education_id=education_id)


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    form = SettingsForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_settings_update(member=member, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Your settings were saved.")
            return redirect("settings")
    member.refresh_from_db()
    return render(request, "accounts/settings.html", {"form": form})


@login_required
@require_POST
def deactivate(request: HttpRequest) -> HttpResponse:
    services.member_deactivate(member=current_member(request))
    logout(request)
    messages.info(request, "Your account is deactivated. Log in again to reactivate it.")
    return redirect("home")


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_delete(
                member=current_member(request), password=form.cleaned_data["password"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            logout(request)
            messages.info(request, "Your account and your data were deleted.")
            return redirect("home")
    return render(request, "accounts/delete_account.html", {"form": form})


@login_required
def blocked_list(request: HttpRequest) -> HttpResponse:
    blocks = selectors.blocked_members_for(current_member(request))
    context = {"blocks": blocks, "reblock_cooldown_hours": settings.REBLOCK_COOLDOWN_HOURS}
    return render(request, "accounts/blocked_list.html", context)


@login_required
@require_POST
def unblock_member(request: HttpRequest, member_id: int) -> HttpResponse:
    try:
        services.block_remove(blocker=current_member(request), blocked_id=member_id)
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, "Member unblocked.")
    return redirect("blocked_list")


@login_required
@require_POST
def email_resend(request: HttpRequest) -> HttpResponse:
    """Send the confirmation email again; past the resend rate, say so with a 429."""
    try:
        services.email_confirmation_resend(member=current_member(request), request=request)
    except DomainError as error:
        context = {"title": "Confirmation email not sent", "text": error.detail}
        return refused_page(request, "error.html", context, error)
    messages.success(request, "We sent the confirmation link again. Check your inbox.")
    return redirect(next_url(request, "home"))
