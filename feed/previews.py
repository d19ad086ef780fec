"""Fetch a page's Open Graph tags for a link preview, without becoming a proxy into our network.

For every hop (the link, then each redirect, at most 3, followed by hand):
- only http(s), no user:password@ in the address;
- the host name is resolved once (`resolve`); every address it answers must be public (not
  loopback, private, link-local, shared, multicast, reserved or unspecified, nor an IPv6 form
  embedding such an IPv4 address), else the hop is refused;
- the connection goes to that validated address (pinned): the name is not resolved again, so
  a DNS answer that changes between the check and the connection (DNS rebinding) cannot
  reach a private address. The request still names the host (Host header, and for https the
  TLS server name and certificate check), so virtual hosting and TLS work as usual.
http.client is used directly: urllib would resolve the name again and honour proxy variables.
At most 512 KB is read, with a 5 s timeout per network operation. Any failure returns None:
the post works without a preview.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

MAX_BYTES = 512 * 1024
TIMEOUT_SECONDS = 5
MAX_REDIRECTS = 3
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
USER_AGENT = "ProConnectPreview/1.0 (+link previews)"

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def resolve(host: str, port: int) -> list[str]:
    """Return the addresses `host` resolves to (one DNS lookup; tests replace this)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_public_address(address: IPAddress) -> bool:
    """Say whether an address is one the server may connect to for a preview."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None and not is_public_address(embedded):
            return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_unspecified
    )


@dataclass(frozen=True)
class Target:
    """One hop: where to connect (the validated address) and what to ask for."""

    scheme: str
    host: str
    port: int
    address: str
    path: str


def pin(url: str) -> Target | None:
    """Resolve the URL's host once and return the hop pinned to a public address, or None when
    the URL is not http(s), carries credentials, or any address of the host is not public."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if parts.username or parts.password:
        return None
    try:
        host = parts.hostname.encode("idna").decode("ascii")
        addresses = [ipaddress.ip_address(value.split("%")[0]) for value in resolve(host, port)]
    except (OSError, UnicodeError, ValueError):
        return None
    if not addresses or not all(is_public_address(address) for address in addresses):
        return None
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, host, port, str(addresses[0]), path)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the host's name (Host header) at an address resolved and checked beforehand."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a pinned address; TLS still checks the certificate against the host's name."""

    def __init__(self, target: Target, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(target.host, target.port, timeout=timeout, context=context)
        self._address = target.address
        self._tls = context

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def _connection(target: Target) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return _PinnedHTTPSConnection(target, TIMEOUT_SECONDS, ssl.create_default_context())
    return _PinnedHTTPConnection(target, TIMEOUT_SECONDS)


def fetch_html(url: str) -> tuple[str, str] | None:
    """Return (final url, html) of a public page, or None on any refusal or failure."""
    for _ in range(MAX_REDIRECTS + 1):
        target = pin(url)
        if target is None:
            return None
        connection = _connection(target)
        try:
            connection.request(
                "GET",
                target.path,
                headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.1"},
            )
            response = connection.getresponse()
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    return None
                url = urljoin(url, location)
                continue
            content_type = response.getheader("Content-Type", "")
            if response.status != 200 or "html" not in content_type:
                return None
            raw = response.read(MAX_BYTES)
            charset = response.msg.get_content_charset() or "utf-8"
            return url, raw.decode(charset, errors="replace")
        except (OSError, ValueError, LookupError, http.client.HTTPException):
            return None
        finally:
            connection.close()
    return None


def is_public_url(url: str) -> bool:
    """Say whether `url` is http(s) to a host whose every address is public."""
    return pin(url) is not None


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


def fetch_open_graph(url: str) -> dict[str, str] | None:
    """Return the preview of a public page, or None when it cannot be made."""
    page = fetch_html(url)
    if page is None:
        return None
    preview = parse_open_graph(page[1], page[0])
    return preview if preview["title"] else None
