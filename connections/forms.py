"""Page forms of the graph's write side: input shape only; the policies and services decide."""

from typing import Any

from django import forms
from django.conf import settings

SORT_CHOICES = [("recent", "Most recent"), ("name", "Last name")]
# The page's sort names → connections.selectors.connections_of orderings.
ORDERING_BY_SORT = {"recent": "-connected_at", "name": "last_name"}


class InvitationForm(forms.Form):
    # No max_length validator: the length rule (and its message) lives in the policy, so the page
    # and the API refuse a long note with the same reason. The widget's maxlength only helps.
    note = forms.CharField(
        required=False,
        strip=True,
        label="Add a note",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    email = forms.CharField(
        required=False,
        max_length=254,
        label="Their email address",
        help_text="This member accepts invitations only from people who know their email.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.INVITATION_NOTE_MAX_LENGTH  # read at call time: tests lower it
        note = self.fields["note"]
        note.widget.attrs["maxlength"] = str(limit)
        note.help_text = (
            f"Optional, at most {limit} characters, plain text. Say where you met or why "
            "you'd like to connect."
        )

    # "Send without a note": the dialog's second button drops whatever was typed.
    without_note = forms.BooleanField(required=False)

    def note_to_send(self) -> str:
        """Return the note to send: the typed one, or none for "Send without a note"."""
        return "" if self.cleaned_data.get("without_note") else self.cleaned_data["note"]

    def clean_note(self) -> str:
        # Browsers submit line breaks as CRLF but count them as one character against maxlength.
        return str(self.cleaned_data.get("note") or "").replace("\r\n", "\n")

    def clean_email(self) -> str | None:
        return str(self.cleaned_data.get("email") or "").strip() or None


class IgnoreForm(forms.Form):
    reason = forms.ChoiceField(
        required=False, choices=[("", "Ignore"), ("dont_know", "I don't know this person")]
    )

    @property
    def dont_know(self) -> bool:
        return self.is_valid() and self.cleaned_data.get("reason") == "dont_know"


class ConnectionFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=100,
        label="Search by name",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Search by name"}),
    )
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES, label="Sort by")

    def values(self) -> tuple[str, str]:
        """Return (query, sort), falling back to no query and the newest first."""
        if not self.is_valid():
            return "", "recent"
        return self.cleaned_data["q"].strip(), self.cleaned_data["sort"] or "recent"
