"""Page forms of the feed: input shape only; the services decide (lengths, kinds, access)."""

from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.urls import reverse_lazy

from feed.links import LinkDraft, link_in_text
from feed.models import PostKind


class _ServiceChecked(forms.Form):
    """A form whose fields show what is required (the label, the browser's `required`) while
    the service checks the input, with its own messages: the form only shows them
    (core.web.refusal_on_form), so no rule is written twice and no message twice."""

    def full_clean(self) -> None:
        self._errors = ErrorDict(renderer=self.renderer)
        self.cleaned_data = {}


class PostForm(_ServiceChecked):
    """The composer: one box that grows as the member types (CSS `field-sizing`, with
    static/js/composer.js where a browser lacks it). A link in the text is previewed under
    the box (feed.views.link_preview) and attached on posting (feed.links). Articles have a
    page of their own (ArticleForm). Lengths are the service's rule."""

    body = forms.CharField(
        strip=False,
        label="What do you want to talk about?",
        widget=forms.Textarea(
            attrs={
                "rows": 2,
                "class": "composer-box",
                "placeholder": "Share an update, or paste a link",
                "hx-post": reverse_lazy("feed:link_preview"),
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#composer-link",
                "hx-swap": "innerHTML",
            }
        ),
    )
    no_link = forms.BooleanField(required=False, label="Post without the link preview")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "composer-%s")  # one composer a page; edit forms differ
        super().__init__(*args, **kwargs)

    def link_draft(self) -> LinkDraft | None:
        """The link in what was typed (for the preview under the box), or None."""
        return link_in_text(str(self.data.get("body", ""))) if self.is_bound else None

    def post_fields(self) -> dict[str, Any]:
        """The service's arguments for what was typed: a status, or a link post when the
        text carries an address that may be attached (and the member did not opt out)."""
        body = self.data.get("body", "")
        link = None if self.data.get("no_link") else self.link_draft()
        if link is not None and link.url:
            return {"kind": PostKind.LINK, "body": body, "link_url": link.url}
        return {"kind": PostKind.STATUS, "body": body, "link_url": ""}


class ArticleForm(_ServiceChecked):
    """An article, written on a page of its own: a title and the text."""

    title = forms.CharField(label="Title", max_length=200)
    body = forms.CharField(
        strip=False,
        label="Article",
        widget=forms.Textarea(attrs={"rows": 12, "class": "composer-box article-box"}),
    )


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
