"""Fetch a page's Open Graph tags for a link preview, carefully.

Only http(s); the host must resolve to public addresses only (no loopback, private,
link-local or reserved ranges: the server must not become a proxy into its own network);
redirects are followed by hand (at most 3, each checked the same way); at most 512 KB is read,
with a short timeout. Any failure returns None: the post works without a preview.
(Known gap: the name is resolved again by urllib when connecting; a DNS answer that changes in
between could still reach a private address. docs/groups.md.)
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

MAX_BYTES = 512 * 1024
TIMEOUT_SECONDS = 5
MAX_REDIRECTS = 3
USER_AGENT = "ProConnectPreview/1.0 (+link previews)"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def is_public_url(url: str) -> bool:
    """Say whether `url` is http(s) to a host whose every address is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(ipaddress.ip_address(a).is_global for a in addresses)


class _OpenGraphParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, str] = {}
        self._in_title = False
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag != "meta":
            return
        values = {name: value or "" for name, value in attrs}
        key = values.get("property") or values.get("name") or ""
        if key.startswith("og:") and key not in self.tags:
            self.tags[key] = values.get("content", "").strip()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title and len(self.title) < 300:
            self.title += data


def parse_open_graph(html: str, base_url: str) -> dict[str, str]:
    """Return title, description, image_url and site_name from a page's Open Graph tags."""
    parser = _OpenGraphParser()
    parser.feed(html)
    image = parser.tags.get("og:image", "")
    image_url = urljoin(base_url, image) if image else ""
    if urlsplit(image_url).scheme not in ("http", "https"):
        image_url = ""
    return {
        "title": (parser.tags.get("og:title") or parser.title).strip()[:300],
        "description": parser.tags.get("og:description", "")[:500],
        "image_url": image_url[:2000],
        "site_name": parser.tags.get("og:site_name", "")[:100],
    }


def fetch_html(url: str) -> tuple[str, str] | None:
    """Return (final url, html) of a public page, or None on any refusal or failure."""
    for _ in range(MAX_REDIRECTS + 1):
        if not is_public_url(url):
            return None
        # is_public_url allowed http(s) only.
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310
        try:
            with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
                content_type = response.headers.get("Content-Type", "")
                if "html" not in content_type:
                    return None
                raw = response.read(MAX_BYTES)
                charset = response.headers.get_content_charset() or "utf-8"
                return url, raw.decode(charset, errors="replace")
        except urllib.error.HTTPError as error:
            location = (
                error.headers.get("Location") if error.code in (301, 302, 303, 307, 308) else None
            )
            if not location:
                return None
            url = urljoin(url, location)
        except (OSError, ValueError, LookupError):
            return None
    return None


def fetch_open_graph(url: str) -> dict[str, str] | None:
    """Return the preview of a public page, or None when it cannot be made."""
    page = fetch_html(url)
    if page is None:
        return None
    preview = parse_open_graph(page[1], page[0])
    return preview if preview["title"] else None
