"""The confirmation resend's rate limit holds under concurrent requests (real threads): the
counter is one atomic increment in Redis, so two requests cannot both take the last slot."""

from functools import partial

import pytest
from django.test import override_settings

from accounts import services
from tests.concurrency import run_together
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]


@override_settings(EMAIL_RESEND_RATE="2/day")
def test_concurrent_resends_stop_at_the_rate() -> None:
    member = UserFactory.create(unconfirmed=True)
    outcomes = run_together(
        [partial(services.email_confirmation_resend, member=member) for _ in range(6)]
    )
    assert outcomes == {"ok": 2, "rate_limited": 4}
