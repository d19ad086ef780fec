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


class PostEditForm(forms.Form):
    """Editing one's post: its kind stays, so only the fields that kind shows."""

    title = forms.CharField(required=False, label="Article title", max_length=200)
    body = forms.CharField(
        required=False, strip=False, label="Text", widget=forms.Textarea(attrs={"rows": 4})
    )
    link_url = forms.CharField(required=False, label="Link", max_length=2000)

    def __init__(self, *args: object, kind: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if kind != "article":
            del self.fields["title"]
