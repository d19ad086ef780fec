"""Page forms of trust and safety: a report, an appeal, and the moderators' resolve and decide
forms in the admin. Shape only: the rules are the services'."""

from typing import Any

from django import forms
from django.conf import settings

from moderation.models import Action, ReportReason
from standing.models import AppealStatus, RestrictedAction


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        choices=ReportReason.choices, widget=forms.RadioSelect, label="Why are you reporting this?"
    )
    detail = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        label="Anything moderators should know",
        strip=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = int(settings.REPORT_DETAIL_MAX_LENGTH)
        self.fields["detail"].help_text = f"At most {limit:,} characters."
        self.fields["detail"].widget.attrs["maxlength"] = str(limit)


class AppealForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why should this be lifted?",
        max_length=2000,
    )


class ResolveForm(forms.Form):
    action = forms.ChoiceField(choices=Action.choices, widget=forms.RadioSelect)
    actions = forms.MultipleChoiceField(
        choices=RestrictedAction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Restrict (for “Restrict the member”)",
    )
    until = forms.DateTimeField(
        required=False,
        label="Until (empty: until lifted)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        label="Reason (shown to the member when sanctioned)",
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(AppealStatus.UPHELD, "Uphold the sanction"), (AppealStatus.LIFTED, "Lift it")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class ReasonForm(forms.Form):
    """The reason an admin action asks for (suspend, lift): the member reads it."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        label="Reason (shown to the member)",
        error_messages={"required": "Give the reason the member will read."},
    )
