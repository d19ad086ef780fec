"""Page forms of messaging: input shape only; the services decide (length, gate, limits)."""

from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict

MAX_PICKED = 1000


def picked_member_ids(data: QueryDict) -> list[int]:
    """Return the member ids ticked in a form's `participants` checkboxes (others ignored)."""
    values = data.getlist("participants")
    return [int(value) for value in values if value.isdigit()][:MAX_PICKED]


class MessageForm(forms.Form):
    """The composer. The length rule (and its message) is the service's; `maxlength` only
    stops the browser from accepting more."""

    body = forms.CharField(
        label="Write a message",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Write a message…"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = settings.MESSAGE_MAX_LENGTH


class GroupForm(MessageForm):
    """A new group conversation: an optional title and the first message (the connections
    are ticked beside it)."""

    title = forms.CharField(label="Title", required=False, max_length=100)

    field_order = ["title", "body"]


class InboxFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False, max_length=100)
