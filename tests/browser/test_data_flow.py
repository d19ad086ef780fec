"""Your data and your attention in a real browser, at desktop and phone widths: Ana asks for
her archive in Settings, the task builds it, she downloads the ZIP and its files are there;
and she turns one kind of email off and the message digest to daily. Each page passes axe."""

import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from config.celery_app import app as celery_app
from exports.models import DataExport
from exports.tasks import build_data_export_task
from notifications import preferences
from notifications.models import NotificationKind
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored"),
]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True  # the notification's email, when it is told
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(params=["page", "phone_page"])
def any_page(request: pytest.FixtureRequest) -> Page:
    return request.getfixturevalue(request.param)


def log_in(page: Page, member: User) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_request_and_download_the_archive(any_page: Page) -> None:
    page = any_page
    ana = UserFactory.create(first_name="Ana", last_name="Silva")
    log_in(page, ana)
    page.goto("/settings/")
    page.get_by_role("link", name="Download your data").click()
    expect(page.locator("#export-status")).to_contain_text("You have not asked")
    assert_accessible(page)
    celery_app.conf.task_always_eager = False  # the build waits for us, queued
    page.get_by_role("button", name="Request a new archive").click()
    expect(page.locator("#export-status")).to_contain_text("being built")
    assert_accessible(page)
    # The worker's part: run the task; the page, polling, shows the archive without a reload.
    celery_app.conf.task_always_eager = True
    build_data_export_task(DataExport.objects.get(member=ana).pk)
    expect(page.locator("#export-status")).to_contain_text("Your archive is ready", timeout=12_000)
    assert_accessible(page)
    with page.expect_download() as downloading:
        page.get_by_role("link", name="Download your archive").click()
    download = downloading.value
    path = download.path()
    assert path is not None
    archive = zipfile.ZipFile(io.BytesIO(Path(path).read_bytes()))
    assert {"profile.json", "connections.csv", "messages.csv", "manifest.json"} <= set(
        archive.namelist()
    )
    assert json.loads(archive.read("profile.json"))["email"] == ana.email
    assert DataExport.objects.get(member=ana).status == "ready"
    # The in-app notification says so too.
    page.goto("/notifications/")
    expect(page.get_by_role("link", name=re.compile("Your data export is ready"))).to_be_visible()


def test_turn_an_email_off_and_the_digest_to_daily(any_page: Page) -> None:
    page = any_page
    ana = UserFactory.create(first_name="Ana", last_name="Silva")
    log_in(page, ana)
    page.goto("/settings/")
    page.get_by_role("link", name="Notification settings").click()
    assert_accessible(page)
    email = page.get_by_label("Invitation received: By email")
    expect(email).to_be_checked()
    email.uncheck()
    page.get_by_label("Daily").check()
    page.get_by_role("button", name="Save notification settings").click()
    expect(page.get_by_text("Your notification settings were saved.")).to_be_visible()
    expect(page.get_by_label("Invitation received: By email")).not_to_be_checked()
    expect(page.get_by_label("Invitation received: In the app")).to_be_checked()
    assert_accessible(page)
    assert not preferences.email_wanted(ana.pk, NotificationKind.INVITATION_RECEIVED)
    assert preferences.choice_for(ana.pk, NotificationKind.INVITATION_RECEIVED).in_app
    assert preferences.digest_frequency(ana.pk) == "daily"
