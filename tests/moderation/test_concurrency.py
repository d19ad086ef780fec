"""Concurrent reports, in real threads and transactions: the automatic protection neither
skips the threshold nor restricts twice, and one reporter's parallel reports stay within the
daily limit and make one report per target."""

import pytest

from accounts.models import User
from moderation import services
from moderation.models import Case, LogEntry, Report
from standing.models import Sanction
from tests.concurrency import run_together
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def report_call(reporter: User, target: User):
    return lambda: services.report_create(
        reporter=reporter, target_type="member", target_id=target.pk, reason="spam"
    )


def test_concurrent_reports_restrict_once_at_the_threshold(settings) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 3
    target = UserFactory.create()
    reporters = UserFactory.create_batch(6)
    outcomes = run_together([report_call(reporter, target) for reporter in reporters])
    assert outcomes == {"ok": 6}
    assert Report.objects.count() == 6
    assert Case.objects.get().reporters_count == 6
    assert Sanction.objects.filter(member=target, automatic=True).count() == 1
    assert LogEntry.objects.filter(action="auto_restrict").count() == 1


def test_concurrent_reports_reaching_exactly_the_threshold_restrict(settings) -> None:
    settings.REPORTS_AUTO_RESTRICT_AT = 4
    target = UserFactory.create()
    outcomes = run_together([report_call(r, target) for r in UserFactory.create_batch(4)])
    assert outcomes == {"ok": 4}
    assert Sanction.objects.filter(member=target, automatic=True).count() == 1


def test_one_reporter_in_parallel_stays_within_the_daily_limit(settings) -> None:
    settings.REPORTS_DAILY_LIMIT = 3
    settings.REPORTS_AUTO_RESTRICT_AT = 100
    reporter = UserFactory.create()
    targets = UserFactory.create_batch(6)
    outcomes = run_together([report_call(reporter, target) for target in targets])
    assert outcomes == {"ok": 3, "report_limit": 3}
    assert Report.objects.filter(reporter=reporter).count() == 3


def test_the_same_report_sent_in_parallel_is_made_once() -> None:
    reporter, target = UserFactory.create_batch(2)
    outcomes = run_together([report_call(reporter, target) for _ in range(5)])
    assert outcomes == {"ok": 5}
    assert Report.objects.count() == 1 and Case.objects.count() == 1
