"""Screenshots of the main pages for docs/screenshots/: the seeded demo network served by a
live server in this process and captured with Playwright and Debian's Chromium, as the demo
member sees it, at 1280 and 390 px (the viewport, not the full page: files stay small).

Run by `manage.py screenshots` (./scripts/screenshots gives it a fresh database of its own).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test.testcases import LiveServerThread
from playwright.sync_api import Browser, sync_playwright

from devtools.demo import DEMO_EMAIL, DEMO_PASSWORD
from devtools.demo.pages import DemoPage

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@contextmanager
def served() -> Iterator[str]:
    """Serve this process's database on a free localhost port; yield the base URL."""
    server = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()


def capture(base_url: str, pages: list[DemoPage], folder: Path) -> list[Path]:
    """Log in as the demo member and save each page at each width as <name>-<width>.png."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            return capture_with(browser, base_url, pages, folder)
        finally:
            browser.close()


def capture_with(
    browser: Browser, base_url: str, pages: list[DemoPage], folder: Path
) -> list[Path]:
    """`capture` with a browser the caller launched (a test's)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for label, viewport in VIEWPORTS.items():
        written += _capture_at(browser, base_url, pages, folder, label, viewport)
    return written


def _capture_at(
    browser: Browser,
    base_url: str,
    pages: list[DemoPage],
    folder: Path,
    label: str,
    viewport: dict[str, int],
) -> list[Path]:
    phone = label == "phone"
    context = browser.new_context(
        base_url=base_url,
        viewport=viewport,  # type: ignore[arg-type]
        locale="en-US",
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=1,
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base_url}/")
    written = []
    for demo_page in pages:
        page.goto(demo_page.path)
        page.wait_for_load_state("networkidle")
        path = folder / f"{demo_page.name}-{label}.png"
        page.screenshot(path=path, animations="disabled", caret="hide")
        written.append(path)
    context.close()
    return written
