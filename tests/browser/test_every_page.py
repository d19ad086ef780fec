"""axe-core on every main page (issue 17's done-means): with the seeded demo network
(`seed_demo`: groups, a full feed, conversations, invitations, a block), the demo member and a
visitor open each page of `devtools.demo.pages` at 1280 and 390 px, and no page has a serious
or critical violation. One test seeds once and visits every page at both widths, collecting
every violation before failing, so one run names them all."""

from functools import partial
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import Browser, Error, Page
from pytest_django.live_server_helper import LiveServer

from devtools.demo import DEMO_EMAIL, DEMO_PASSWORD
from devtools.demo.pages import DemoPage, demo_pages
from devtools.screenshots import capture_with
from tests.browser.conftest import assert_accessible
from tests.browser.conftest import log_in as sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = [
    f"{name}-{width}.png"
    for name in ("home", "profile", "my-network", "group", "messaging", "search")
    for width in ("desktop", "phone")
]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def _record(errors: list[str], error: Error) -> None:
    errors.append(str(error))


def _log_in(page: Page) -> None:
    sign_in(page, DEMO_EMAIL, DEMO_PASSWORD)
    page.wait_for_url("**/")


def _problems_on(page: Page, demo_page: DemoPage) -> list[str]:
    response = page.goto(demo_page.path)
    assert response is not None
    if response.status != demo_page.status:
        return [f"{demo_page.name}: HTTP {response.status}, expected {demo_page.status}"]
    try:
        assert_accessible(page)
    except AssertionError as failure:
        return [f"{demo_page.name}: {failure}"]
    return []


def test_every_main_page_has_no_serious_or_critical_violation(
    browser: Browser, live_server: LiveServer, tmp_path: Path
) -> None:
    call_command("seed_demo", members=160)
    pages = demo_pages()
    # The screenshots command's capture, on the same seeded network: each page it shows, at
    # both widths, as a PNG of the viewport.
    shots = capture_with(browser, live_server.url, [p for p in pages if p.screenshot], tmp_path)
    assert sorted(path.name for path in shots) == sorted(SCREENSHOTS)
    for path in shots:
        with Image.open(path) as image:
            assert image.width in (1280, 390) and image.format == "PNG"
    problems: list[str] = []
    for label, viewport in WIDTHS.items():
        phone = label == "phone"
        for signed_in in (False, True):
            context = browser.new_context(
                base_url=live_server.url,
                viewport=viewport,  # type: ignore[arg-type]
                locale="en-US",
                is_mobile=phone,
                has_touch=phone,
            )
            context.set_default_timeout(15_000)
            page = context.new_page()
            errors: list[str] = []
            page.on("pageerror", partial(_record, errors))
            if signed_in:
                _log_in(page)
            for demo_page in pages:
                if demo_page.signed_in == signed_in:
                    found = _problems_on(page, demo_page)
                    problems += [f"[{label}] {problem}" for problem in found]
            problems += [f"[{label}] page error: {error}" for error in errors]
            context.close()
    assert not problems, "\n\n".join(problems)
