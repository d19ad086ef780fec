"""A real Celery worker, over the real Redis broker, makes the thumbnail after commit."""

import io
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts import services
from accounts.models import Profile
from config.celery_app import app
from tests.factories import UserFactory


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_thumbnail_is_made_by_a_real_worker() -> None:
    member = UserFactory.create()
    buffer = io.BytesIO()
    Image.new("RGB", (500, 300), "navy").save(buffer, format="JPEG")
    upload = SimpleUploadedFile("portrait.jpg", buffer.getvalue(), "image/jpeg")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        services.profile_photo_set(member=member, upload=upload)  # commits, then enqueues
        deadline = time.monotonic() + 20
        profile = Profile.objects.get(member=member)
        while not profile.photo_thumbnail and time.monotonic() < deadline:
            time.sleep(0.1)
            profile.refresh_from_db()
    assert (profile.photo_thumbnail.name or "").endswith(".webp")
    with Image.open(profile.photo_thumbnail.path) as thumbnail:
        assert thumbnail.size == (200, 200)
