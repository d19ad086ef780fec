"""Link previews never reach a private address: each hop's host is resolved once, every
answer must be public, and the connection goes to the checked address (pinned), so a DNS
answer that changes afterwards (rebinding) is never used. A local HTTP server plays the web
site; the resolver is replaced, and in the tests that need a reachable "public" site the
loopback address of that server alone stands in for a public one."""

import ipaddress
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.models import User
from feed import previews, services
from feed.models import Post
from feed.tasks import fetch_link_preview_task

PAGE = (
    b'<html><head><meta property="og:title" content="Pinned &amp; safe">'
    b'<meta property="og:site_name" content="News"></head><body>hi</body></html>'
)


class Site:
    """A tiny web site on 127.0.0.1 that records what it was asked."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, str]] = []  # (path, Host header)
        self.redirects: dict[str, str] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, self.headers.get("Host", "")))
                if self.path in site.redirects:
                    self.send_response(302)
                    self.send_header("Location", site.redirects[self.path])
                    self.end_headers()
                    return
                body = b"plain" if self.path == "/plain" else PAGE
                kind = "text/plain" if self.path == "/plain" else "text/html; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def url(self, host: str, path: str) -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()
    thread.join(timeout=5)


Answers = dict[str, list[list[str]]]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> Callable[[Answers], list[str]]:
    """Replace the resolver: each name answers its lists in turn (the last one repeats);
    return the log of names looked up."""

    def install(answers: Answers) -> list[str]:
        looked_up: list[str] = []

        def resolve(host: str, port: int) -> list[str]:
            looked_up.append(host)
            turns = answers.get(host)
            if not turns:
                raise OSError(f"no such host {host}")
            return turns.pop(0) if len(turns) > 1 else turns[0]

        monkeypatch.setattr(previews, "resolve", resolve)
        return looked_up

    return install


@pytest.fixture
def loopback_is_public(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the test site's own address (127.0.0.1) pass as public; every other address keeps
    the real rule (127.0.0.2 and friends are still refused)."""
    real = previews.is_public_address
    monkeypatch.setattr(
        previews,
        "is_public_address",
        lambda address: str(address) == "127.0.0.1" or real(address),
    )


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.0.0.2",
        "10.0.0.7",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",  # noqa: S104
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "2002:7f00:1::1",
        "64:ff9b::a00:1",
        "2001:db8::1",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(address: str) -> None:
    assert not previews.is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert previews.is_public_address(ipaddress.ip_address(address))


def test_a_host_resolving_to_a_private_address_is_never_contacted(site: Site, dns) -> None:
    looked_up = dns({"intranet.example": [["127.0.0.1"]]})
    assert previews.fetch_html(site.url("intranet.example", "/secret")) is None
    assert looked_up == ["intranet.example"]
    assert site.requests == []


def test_one_private_address_among_public_ones_refuses_the_host(site: Site, dns) -> None:
    dns({"mixed.example": [["93.184.216.34", "127.0.0.1"]]})
    assert previews.fetch_html(site.url("mixed.example", "/")) is None
    assert site.requests == []


def test_literal_private_addresses_are_refused_without_a_connection(site: Site) -> None:
    for host in ("127.0.0.1", "[::1]", "169.254.169.254", "0.0.0.0"):  # noqa: S104
        assert previews.fetch_html(site.url(host, "/")) is None
    assert site.requests == []


def test_the_connection_goes_to_the_checked_address_not_a_second_answer(
    site: Site, dns, loopback_is_public
) -> None:
    # Rebinding: the first answer is the (stand-in) public address, every later one private.
    looked_up = dns({"news.example": [["127.0.0.1"], ["10.0.0.7"]]})
    page = previews.fetch_html(site.url("news.example", "/article?id=1"))
    assert page is not None
    final_url, html = page
    assert final_url == site.url("news.example", "/article?id=1")
    assert "Pinned &amp; safe" in html
    assert looked_up == ["news.example"]  # resolved once, for the check and the connection
    assert site.requests == [("/article?id=1", f"news.example:{site.port}")]  # the host named


def test_every_redirect_hop_is_resolved_checked_and_pinned(
    site: Site, dns, loopback_is_public
) -> None:
    site.redirects["/moved"] = site.url("cdn.example", "/final")
    looked_up = dns({"news.example": [["127.0.0.1"]], "cdn.example": [["127.0.0.1"]]})
    page = previews.fetch_html(site.url("news.example", "/moved"))
    assert page is not None and page[0] == site.url("cdn.example", "/final")
    assert looked_up == ["news.example", "cdn.example"]
    assert site.requests == [
        ("/moved", f"news.example:{site.port}"),
        ("/final", f"cdn.example:{site.port}"),
    ]


def test_a_redirect_to_a_private_host_is_not_followed(site: Site, dns, loopback_is_public) -> None:
    site.redirects["/moved"] = site.url("metadata.example", "/latest/meta-data/")
    dns({"news.example": [["127.0.0.1"]], "metadata.example": [["169.254.169.254"]]})
    assert previews.fetch_html(site.url("news.example", "/moved")) is None
    assert [path for path, _host in site.requests] == ["/moved"]


def test_a_redirect_back_to_a_rebound_name_is_refused(site: Site, dns, loopback_is_public) -> None:
    site.redirects["/moved"] = "/again"  # same host: resolved again for the new hop
    looked_up = dns({"news.example": [["127.0.0.1"], ["127.0.0.2"]]})
    assert previews.fetch_html(site.url("news.example", "/moved")) is None
    assert looked_up == ["news.example", "news.example"]
    assert [path for path, _host in site.requests] == ["/moved"]


def test_redirects_stop_after_three_hops(site: Site, dns, loopback_is_public) -> None:
    for hop in range(5):
        site.redirects[f"/hop{hop}"] = f"/hop{hop + 1}"
    dns({"news.example": [["127.0.0.1"]]})
    assert previews.fetch_html(site.url("news.example", "/hop0")) is None
    assert len(site.requests) == 4  # the link and three redirects


def test_only_html_over_http_without_credentials(site: Site, dns, loopback_is_public) -> None:
    dns({"news.example": [["127.0.0.1"]]})
    assert previews.fetch_html(site.url("news.example", "/plain")) is None
    assert previews.fetch_html(f"http://user:secret@news.example:{site.port}/") is None
    assert previews.fetch_html(f"ftp://news.example:{site.port}/") is None
    assert previews.fetch_html("http://news.example:99999/") is None
    assert [path for path, _host in site.requests] == ["/plain"]


@pytest.mark.django_db
def test_the_preview_task_uses_the_pinned_fetch(
    member: User, site: Site, dns, loopback_is_public
) -> None:
    dns({"news.example": [["127.0.0.1"], ["10.0.0.7"]]})
    link = services.post_create(
        author=member, body="", kind="link", link_url=site.url("news.example", "/story")
    )
    assert fetch_link_preview_task(link.pk) == "ready"
    link.refresh_from_db()
    assert (link.preview_title, link.preview_site_name) == ("Pinned & safe", "News")
    rebound = services.post_create(
        author=member, body="", kind="link", link_url=site.url("news.example", "/other")
    )
    assert fetch_link_preview_task(rebound.pk) == "failed"  # the name now answers 10.0.0.7
    assert Post.objects.get(pk=rebound.pk).preview_state == "failed"
    assert [path for path, _host in site.requests] == ["/story"]
