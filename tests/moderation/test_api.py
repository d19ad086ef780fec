"""The trust and safety API, every endpoint and error code (API.md "Trust and safety")."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from moderation.models import Case, LogEntry, Report
from standing import services as standing_services
from standing.models import Appeal, Sanction, SanctionKind
from tests.factories import UserFactory
from tests.helpers import assert_error, url
from tests.moderation.conftest import message_from, post_by

pytestmark = pytest.mark.django_db


def client_for(member: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(member)
    return client


def report_body(target_type: str, target_id: int, **fields: object) -> dict[str, object]:
    return {"target_type": target_type, "target_id": target_id, "reason": "spam", **fields}


class TestReports:
    def test_create_then_the_same_report_again(self, member_api: APIClient, other: User) -> None:
        first = member_api.post(url("reports"), report_body("member", other.pk, detail="Bot"))
        assert first.status_code == 201, first.content
        body = first.json()
        assert body["status"] == "open" and body["target_type"] == "member"
        assert body["detail"] == "Bot" and isinstance(body["id"], int)
        again = member_api.post(url("reports"), report_body("member", other.pk, reason="other"))
        assert again.status_code == 200 and again.json()["id"] == body["id"]

    @pytest.mark.parametrize("target_type", ["member", "message", "post", "comment", "group"])
    def test_not_found(self, member_api: APIClient, target_type: str) -> None:
        response = member_api.post(url("reports"), report_body(target_type, 10**12))
        assert_error(response, 404, "not_found")

    def test_another_members_invitation_is_not_found(
        self, member_api: APIClient, other: User
    ) -> None:
        from connections import services

        third = UserFactory.create()
        invitation = services.invitation_send(sender=other, recipient_id=third.pk).invitation
        response = member_api.post(url("reports"), report_body("invitation", invitation.pk))
        assert_error(response, 404, "not_found")
        assert not Report.objects.exists()

    def test_daily_limit(self, member_api: APIClient, settings) -> None:
        settings.REPORTS_DAILY_LIMIT = 1
        first, second = UserFactory.create_batch(2)
        assert member_api.post(url("reports"), report_body("member", first.pk)).status_code == 201
        response = member_api.post(url("reports"), report_body("member", second.pk))
        assert_error(response, 429, "report_limit")
        assert int(response["Retry-After"]) > 0

    def test_limits_show_the_reports_left_today(self, member_api: APIClient, settings) -> None:
        settings.REPORTS_DAILY_LIMIT = 2

        def reports_row() -> dict[str, object]:
            rows = member_api.get(url("limits")).json()["rate_limits"]
            return next(row for row in rows if row["scope"] == "reports")

        assert reports_row() | {"resets_in": 0} == {
            "scope": "reports",
            "limit": 2,
            "window_seconds": 86400,
            "used": 0,
            "remaining": 2,
            "resets_in": 0,
        }
        first, second = UserFactory.create_batch(2)
        member_api.post(url("reports"), report_body("member", first.pk))
        assert (reports_row()["used"], reports_row()["remaining"]) == (1, 1)
        assert reports_row()["resets_in"] == 0  # not at the limit: nothing to wait for
        member_api.post(url("reports"), report_body("member", second.pk))
        row = reports_row()
        assert (row["used"], row["remaining"]) == (2, 0)
        assert 86000 < int(str(row["resets_in"])) <= 86401

    @pytest.mark.parametrize(
        "body",
        [
            {},
            {"target_type": "planet", "target_id": 1, "reason": "spam"},
            {"target_type": "member", "target_id": "abc", "reason": "spam"},
            {"target_type": "member", "target_id": 2**64, "reason": "spam"},
            {"target_type": "member", "target_id": 1, "reason": "boring"},
            {"target_type": "member", "target_id": 1, "reason": "spam", "detail": "x" * 1001},
            {"target_type": "member", "target_id": 1, "reason": "spam", "detail": ["x"]},
        ],
    )
    def test_bad_input(self, member_api: APIClient, body: dict[str, object]) -> None:
        response = member_api.post(url("reports"), body, format="json")
        assert_error(response, 400, "invalid")
        assert not Report.objects.exists()

    def test_self(self, member_api: APIClient, member: User) -> None:
        assert_error(
            member_api.post(url("reports"), report_body("member", member.pk)), 400, "self_action"
        )

    def test_anonymous(self, api: APIClient, other: User) -> None:
        assert api.post(url("reports"), report_body("member", other.pk)).status_code == 401

    def test_my_reports_newest_first_with_outcomes(
        self, member_api: APIClient, member: User
    ) -> None:
        first, second = UserFactory.create_batch(2)
        member_api.post(url("reports"), report_body("member", first.pk))
        member_api.post(url("reports"), report_body("member", second.pk))
        body = member_api.get(url("my-reports")).json()
        assert [r["target_id"] for r in body["results"]] == [second.pk, first.pk]
        assert {r["status"] for r in body["results"]} == {"open"}
        # Others' reports are not listed.
        assert client_for(first).get(url("my-reports")).json()["results"] == []


class TestStandingAndAppeals:
    def test_good_standing(self, member_api: APIClient) -> None:
        assert member_api.get(url("my-standing")).json() == {"status": "good", "sanctions": []}

    def test_restricted_then_appeal_once(self, member_api: APIClient, member: User) -> None:
        until = timezone.now() + timedelta(days=2)
        sanction = standing_services.sanction_create(
            member=member,
            kind=SanctionKind.RESTRICTION,
            actions=["message"],
            until=until,
            reason="Spam messages",
        )
        body = member_api.get(url("my-standing")).json()
        assert body["status"] == "restricted"
        [shown] = body["sanctions"]
        assert shown["id"] == sanction.pk and shown["kind"] == "restriction"
        assert shown["actions"] == ["message"] and shown["reason"] == "Spam messages"
        assert shown["until"] is not None and shown["automatic"] is False
        assert shown["appeal"] is None
        created = member_api.post(url("my-appeals"), {"sanction": sanction.pk, "text": "Sorry"})
        assert created.status_code == 201 and created.json()["status"] == "pending"
        again = member_api.post(url("my-appeals"), {"sanction": sanction.pk, "text": "Again"})
        assert_error(again, 409, "appeal_exists")
        shown = member_api.get(url("my-standing")).json()["sanctions"][0]
        assert shown["appeal"] == {"id": created.json()["id"], "status": "pending"}

    def test_appeal_errors(self, member_api: APIClient, other: User) -> None:
        theirs = standing_services.sanction_create(
            member=other, kind=SanctionKind.WARNING, reason="x"
        )
        assert_error(
            member_api.post(url("my-appeals"), {"sanction": theirs.pk, "text": "Hm"}),
            404,
            "not_found",
        )
        assert_error(member_api.post(url("my-appeals"), {"sanction": theirs.pk}), 400, "invalid")
        assert not Appeal.objects.exists()

    def test_a_restricted_action_answers_restricted_with_retry_after(
        self, member_api: APIClient, member: User, other: User
    ) -> None:
        standing_services.sanction_create(
            member=member,
            kind=SanctionKind.RESTRICTION,
            actions=["invite", "post"],
            until=timezone.now() + timedelta(hours=1),
            reason="Spam",
        )
        invite = member_api.post(url("invitations"), {"to": other.pk})
        body = assert_error(invite, 403, "restricted")
        assert "sending invitations" in body["detail"] and int(invite["Retry-After"]) > 0
        assert_error(member_api.post(url("posts"), {"body": "Hi"}), 403, "restricted")

    def test_limits_show_the_standing(self, member_api: APIClient, member: User) -> None:
        standing_services.sanction_create(
            member=member, kind=SanctionKind.RESTRICTION, actions=["post"], reason="Spam"
        )
        standing = member_api.get(url("limits")).json()["standing"]
        assert standing == {
            "status": "restricted",
            "restrictions": [{"actions": ["post"], "until": None}],
        }


@pytest.fixture
def case(member: User, other: User, third: User, connect) -> Case:
    connect(other, member)
    connect(other, third)
    post = post_by(other)
    client_for(member).post(url("reports"), report_body("post", post.pk, detail="link farm"))
    client_for(third).post(url("reports"), report_body("post", post.pk, reason="harassment"))
    return Case.objects.get()


class TestModeration:
    @pytest.mark.parametrize(
        ("name", "method", "kwargs"),
        [
            ("moderation-cases", "get", {}),
            ("moderation-case-resolve", "post", {"case_id": 1}),
            ("moderation-appeals", "get", {}),
            ("moderation-appeal-decide", "post", {"appeal_id": 1}),
            ("moderation-log", "get", {}),
        ],
    )
    def test_staff_only(self, member_api: APIClient, name: str, method: str, kwargs) -> None:
        response = getattr(member_api, method)(url(name, **kwargs), {"action": "dismiss"})
        assert_error(response, 403, "not_staff")

    def test_queue_shows_cases_automatic_first(
        self, case: Case, moderator: User, other: User, settings
    ) -> None:
        settings.REPORTS_AUTO_RESTRICT_AT = 2
        spammer = UserFactory.create()
        for reporter in UserFactory.create_batch(2):
            client_for(reporter).post(url("reports"), report_body("member", spammer.pk))
        body = client_for(moderator).get(url("moderation-cases")).json()
        automatic, busiest = body["results"]
        assert automatic["automatic"] and automatic["target_type"] == "member"
        assert busiest["id"] == case.pk and busiest["reporters_count"] == 2
        assert busiest["reasons"] == ["harassment", "spam"]
        assert busiest["snapshot"]["text"] == "Click my link"
        assert {r["detail"] for r in busiest["reports"]} == {"link farm", ""}
        assert busiest["subject"] == other.pk and busiest["earlier_sanctions"] == []
        assert set(busiest) >= {
            "id",
            "target_type",
            "target_id",
            "reasons",
            "reporters_count",
            "first_reported_at",
            "automatic",
            "status",
        }

    def test_resolve_restrict_then_resolved_list_and_log(
        self, case: Case, moderator: User, other: User
    ) -> None:
        staff = client_for(moderator)
        response = staff.post(
            url("moderation-case-resolve", case_id=case.pk),
            {"action": "restrict", "actions": ["post"], "until": None, "note": "Link spam"},
            format="json",
        )
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "resolved"
        assert response.json()["earlier_sanctions"][0]["actions"] == ["post"]
        assert Sanction.objects.get().member_id == other.pk
        assert staff.get(url("moderation-cases")).json()["results"] == []
        resolved = staff.get(url("moderation-cases"), {"status": "resolved"}).json()["results"]
        assert [c["id"] for c in resolved] == [case.pk]
        log = staff.get(url("moderation-log")).json()["results"]
        assert log[0]["action"] == "restrict" and log[0]["moderator"] == moderator.pk
        again = staff.post(url("moderation-case-resolve", case_id=case.pk), {"action": "warn"})
        assert_error(again, 409, "case_resolved")

    def test_resolve_errors(self, case: Case, moderator: User) -> None:
        staff = client_for(moderator)
        assert_error(
            staff.post(url("moderation-case-resolve", case_id=10**12), {"action": "dismiss"}),
            404,
            "not_found",
        )
        assert_error(
            staff.post(url("moderation-case-resolve", case_id=case.pk), {"action": "ban"}),
            400,
            "invalid",
        )
        assert_error(
            staff.post(url("moderation-case-resolve", case_id=case.pk), {"action": "restrict"}),
            400,
            "invalid",
        )
        assert_error(staff.get(url("moderation-cases"), {"status": "weird"}), 400, "invalid")
        assert not LogEntry.objects.exists()

    def test_appeals_decided_by_another_moderator(
        self, case: Case, moderator: User, second_moderator: User, other: User
    ) -> None:
        client_for(moderator).post(
            url("moderation-case-resolve", case_id=case.pk),
            {"action": "restrict", "actions": ["message"]},
            format="json",
        )
        sanction = Sanction.objects.get()
        appeal = client_for(other).post(url("my-appeals"), {"sanction": sanction.pk, "text": "Hi"})
        appeal_id = appeal.json()["id"]
        listed = client_for(second_moderator).get(url("moderation-appeals")).json()["results"]
        assert [a["id"] for a in listed] == [appeal_id] and listed[0]["member"] == other.pk
        decide = url("moderation-appeal-decide", appeal_id=appeal_id)
        same = client_for(moderator).post(decide, {"decision": "lifted"})
        assert_error(same, 403, "same_moderator")
        assert_error(client_for(second_moderator).post(decide, {"decision": "x"}), 400, "invalid")
        assert_error(
            client_for(second_moderator).post(
                url("moderation-appeal-decide", appeal_id=10**12), {"decision": "lifted"}
            ),
            404,
            "not_found",
        )
        done = client_for(second_moderator).post(decide, {"decision": "lifted", "note": "ok"})
        assert done.status_code == 200 and done.json()["status"] == "lifted"
        assert_error(
            client_for(second_moderator).post(decide, {"decision": "upheld"}), 409, "appeal_decided"
        )
        assert client_for(other).get(url("my-standing")).json()["status"] == "good"

    def test_a_message_report_and_the_reporter_outcome(
        self,
        member: User,
        other: User,
        moderator: User,
        connect,
        django_capture_on_commit_callbacks,
    ) -> None:
        connect(member, other)
        message = message_from(other, member)
        reporter = client_for(member)
        reporter.post(url("reports"), report_body("message", message.pk))
        case = Case.objects.get()
        client_for(moderator).post(
            url("moderation-case-resolve", case_id=case.pk), {"action": "warn"}
        )
        [mine] = reporter.get(url("my-reports")).json()["results"]
        assert mine["status"] == "actioned"
