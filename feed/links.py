"""The link a composer's text carries: found, normalised and checked before posting, never
fetched.

The composer has one box. The first thing in it that looks like an address (`http://`,
`https://`, `www.`, any `scheme://`, or `javascript:`, `data:`, `vbscript:`, `file:`) is the
post's link: under the box the preview shows its host and path as the member types
(`feed.views.link_preview`), and posting attaches it as the post's `link_url` unless the
member ticks "Post without the link preview". The address is checked by
`feed.services.clean_link_url`, the rule the API's `link_url` meets too; a refused one stays
plain text in the post and the preview says why it is not attached.

Nothing is fetched here, on purpose: a server that fetched whatever a member types into a
preview box as they type would be a proxy into our own network (SSRF) and a way to make us
hammer third parties. The page's title and image are fetched once, after posting, by
`feed.previews` (public addresses only, pinned, size and time limited) in the background.
"""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from core.exceptions import DomainError
from feed.services import clean_link_url

_CANDIDATE = re.compile(
    r"(?<![\w@/.])(?:https?://|www\.|[a-z][a-z0-9+.-]*://|(?:javascript|data|vbscript|file):)"
    r"[^\s<>\"']*",
    re.IGNORECASE,
)
# Punctuation that ends a sentence rather than the address ("see https://x.org/a.").
_TRAILING = ".,;:!?'\"]}>"
PATH_SHOWN = 60


@dataclass(frozen=True)
class LinkDraft:
    """The link found in a draft: `url` as it would be stored, or `error` saying why not."""

    typed: str
    url: str = ""
    error: str = ""

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def path(self) -> str:
        """The path and query, shortened for the card (the host is shown on its own)."""
        parts = urlsplit(self.url)
        shown = parts.path + (f"?{parts.query}" if parts.query else "")
        if len(shown) > PATH_SHOWN:
            return shown[: PATH_SHOWN - 1] + "…"
        return shown


def _trimmed(candidate: str) -> str:
    while candidate and candidate[-1] in _TRAILING:
        candidate = candidate[:-1]
    # A closing parenthesis belongs to the address only when it opened one inside it
    # (https://en.wikipedia.org/wiki/Mercury_(planet)), not "(see https://x.org)".
    while candidate.endswith(")") and candidate.count(")") > candidate.count("("):
        candidate = candidate[:-1]
    return candidate


def normalise(candidate: str) -> str:
    """Return the address as stored: `www.` gets https://, scheme and host in lower case, the
    default port dropped, an empty path becomes "/". Anything unparsable is returned as it is
    (the check then refuses it)."""
    if candidate.lower().startswith("www."):
        candidate = f"https://{candidate}"
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError:
        return candidate
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return candidate
    host = parts.hostname
    if ":" in host:  # an IPv6 literal keeps its brackets
        host = f"[{host}]"
    if port is not None and port != (443 if scheme == "https" else 80):
        host = f"{host}:{port}"
    if "@" in parts.netloc:
        host = f"{parts.netloc.rsplit('@', 1)[0]}@{host}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, parts.fragment))


def link_in_text(text: str) -> LinkDraft | None:
    """Find the first address in a draft and say whether it can be the post's link, or None
    when the text has none."""
    match = _CANDIDATE.search(text or "")
    if match is None:
        return None
    typed = _trimmed(match.group(0))
    if not typed or typed.lower() in ("www.", "http://", "https://"):
        return None
    if not re.match(r"(?i)(https?://|www\.)", typed):
        return LinkDraft(typed, error="Only web addresses (http:// or https://) can be attached.")
    try:
        url = clean_link_url(normalise(typed), required=True)
    except DomainError as error:
        detail = (getattr(error, "fields", None) or {}).get("link_url", [error.detail])[0]
        return LinkDraft(typed, error=f"This link can't be attached. {detail}")
    return LinkDraft(typed, url=url)
