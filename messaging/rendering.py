"""Show a message: plain text in, safe HTML out. The one place member text becomes HTML.

Django's `urlize` does the work on escaped text: every character the member typed is
escaped first, and only http(s)://, www. and email addresses become links (with
rel="nofollow"); no other scheme (javascript:, data:) is ever linked. Line breaks become <br>.
Templates show a message with `{{ message.body|message_html }}`, never with `|safe`.
"""

from django.template.defaultfilters import linebreaksbr, urlizetrunc
from django.utils.safestring import SafeString

LINK_TEXT_LIMIT = 60


def render_message_body(text: str) -> SafeString:
    """Return the message as HTML: escaped, links clickable, line breaks kept."""
    linked = urlizetrunc(text, LINK_TEXT_LIMIT, autoescape=True)  # escapes, then links
    return linebreaksbr(linked, autoescape=True)  # already safe: not escaped twice
