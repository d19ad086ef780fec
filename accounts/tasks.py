"""Background work for accounts: thin, idempotent, safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from accounts import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def make_profile_thumbnail_task(member_id: int) -> bool:
    """Make the thumbnail of the member's current photo (no-op when already made)."""
    return services.profile_thumbnail_make(member_id=member_id)


@shared_task
def purge_old_login_attempts_task() -> int:
    """Forget failed-login records older than a day past the lockout cool-off."""
    from axes.models import AccessAttempt

    cutoff = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(days=1)
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted
