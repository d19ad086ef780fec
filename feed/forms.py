"""Page forms of the feed: input shape only; the services decide (lengths, kinds, access)."""

from django import forms

from feed.models import PostKind


class PostForm(forms.Form):
    """The composer. Lengths are the service's rule; the browser's maxlength only helps."""

    kind = forms.ChoiceField(choices=PostKind.choices, initial=PostKind.STATUS, label="Kind")
    title = forms.CharField(required=False, label="Article title", max_length=200)
    body = forms.CharField(
        required=False,
        strip=False,
        label="What do you want to talk about?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    link_url = forms.CharField(required=False, label="Link (optional)", max_length=2000)


class CommentForm(forms.Form):
    body = forms.CharField(
        required=False,
        strip=False,
        label="Add a comment",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
