"""The notification settings page's form: two switches per kind and the digest's frequency."""

from typing import Any

from django import forms

from notifications.models import DigestFrequency, NotificationKind
from notifications.preferences import DIGEST_KIND, NotificationSettings


def field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class NotificationSettingsForm(forms.Form):
    """`<kind>__in_app` and `<kind>__email` per kind (no email switch for new messages: the
    digest's frequency is theirs), and `message_digest`."""

    message_digest = forms.ChoiceField(
        choices=DigestFrequency.choices,
        widget=forms.RadioSelect,
        label="Email me about unread messages",
    )

    def __init__(self, *args: Any, current: NotificationSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["message_digest"] = current.message_digest
        for kind, label in NotificationKind.choices:
            choice = current.kinds[kind]
            self.fields[field_name(kind, "in_app")] = forms.BooleanField(
                required=False, label=f"{label}: in the app", initial=choice.in_app
            )
            if kind != DIGEST_KIND:
                self.fields[field_name(kind, "email")] = forms.BooleanField(
                    required=False, label=f"{label}: by email", initial=choice.email
                )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField | None]]:
        """(kind label, in-app field, email field or None) for the table."""
        return [
            (
                label,
                self[field_name(kind, "in_app")],
                self[field_name(kind, "email")] if kind != DIGEST_KIND else None,
            )
            for kind, label in NotificationKind.choices
        ]

    def kinds(self) -> dict[str, dict[str, bool]]:
        found: dict[str, dict[str, bool]] = {}
        for kind in NotificationKind.values:
            found[kind] = {"in_app": self.cleaned_data[field_name(kind, "in_app")]}
            if kind != DIGEST_KIND:
                found[kind]["email"] = self.cleaned_data[field_name(kind, "email")]
        return found
