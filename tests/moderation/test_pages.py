"""The pages of trust and safety, and their parity with the API: reporting (the same report,
the same not-found, the same limit), a restricted action (the same `restricted` sentence,
the Connect button greyed with it), one's standing and appeal, and the moderators' admin."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts.models import Block, User
from moderation.models import Case, CaseStatus, LogEntry, Report
from standing import services as standing_services
from standing.models import Appeal, AppealStatus, Sanction, SanctionKind
from tests.factories import UserFactory
from tests.helpers import url
from tests.moderation.conftest import message_from, post_by
from tests.test_parity import attempt_both

pytestmark = pytest.mark.django_db


def browser(member: User) -> Client:
    client = Client()
    client.force_login(member)
    return client


def report_page(target_type: str, target_id: int) -> str:
    return reverse("moderation:report", args=[target_type, target_id])


class TestReporting:
    def test_the_form_then_the_report_and_the_offer_to_block(
        self, member: User, other: User
    ) -> None:
        client = browser(member)
        form = client.get(report_page("member", other.pk))
        assert form.status_code == 200 and "Report this member" in form.content.decode()
        done = client.post(
            report_page("member", other.pk),
            {"reason": "fake_account", "detail": "Bot"},
            follow=True,
        )
        report = Report.objects.get()
        assert done.redirect_chain[-1][0] == reverse("moderation:report_detail", args=[report.pk])
        shown = done.content.decode()
        assert "Waiting for a moderator" in shown and "Block this member" in shown
        client.post(reverse("block_member", args=[other.pk]))
        assert Block.objects.filter(blocker=member, blocked=other).exists()

    def test_reporting_content_offers_no_block(self, member: User, other: User, connect) -> None:
        connect(member, other)
        post = post_by(other)
        done = browser(member).post(report_page("post", post.pk), {"reason": "spam"}, follow=True)
        assert "Block this member" not in done.content.decode()

    def test_unseen_targets_and_bad_types_are_404(self, member: User) -> None:
        client = browser(member)
        assert client.get(report_page("planet", 1)).status_code == 404
        assert client.post(report_page("post", 10**12), {"reason": "spam"}).status_code == 404
        assert not Report.objects.exists()

    def test_form_errors_are_shown(self, member: User, other: User, settings) -> None:
        settings.REPORT_DETAIL_MAX_LENGTH = 5
        page = browser(member).post(
            report_page("member", other.pk), {"reason": "spam", "detail": "too long"}
        )
        assert page.status_code == 400 and "At most 5 characters" in page.content.decode()
        missing = browser(member).post(report_page("member", other.pk), {})
        assert missing.status_code == 400 and "This field is required" in missing.content.decode()
        assert not Report.objects.exists()

    def test_someone_elses_report_is_404(self, member: User, other: User) -> None:
        browser(member).post(report_page("member", other.pk), {"reason": "spam"})
        report = Report.objects.get()
        page = browser(other).get(reverse("moderation:report_detail", args=[report.pk]))
        assert page.status_code == 404

    def test_report_menus_are_on_the_pages(self, member: User, other: User, connect) -> None:
        connect(member, other)
        post = post_by(other)
        message = message_from(other, member)
        client = browser(member)
        profile = client.get(reverse("profile", args=[other.pk])).content.decode()
        assert reverse("moderation:report_member", args=[other.pk]) in profile
        home = client.get(reverse("home")).content.decode()
        assert reverse("moderation:report_post", args=[post.pk]) in home
        conversation = client.get(
            reverse("messaging:conversation", args=[message.conversation_id])
        ).content.decode()
        assert reverse("moderation:report_message", args=[message.pk]) in conversation


class TestParity:
    def attempt(self, member: User, body: dict[str, Any]) -> tuple[Any, Any]:
        api = APIClient()
        api.force_authenticate(member)
        api_response = api.post(url("reports"), body)
        page = browser(member).post(
            report_page(str(body["target_type"]), int(body["target_id"])),
            {"reason": body["reason"]},
        )
        return api_response, page

    def test_same_report_either_way(self, member: User, other: User) -> None:
        api, page = self.attempt(
            member, {"target_type": "member", "target_id": other.pk, "reason": "spam"}
        )
        assert api.status_code == 201 and page.status_code == 302
        assert Report.objects.count() == 1  # the page found the API's report

    def test_not_found_either_way(self, member: User) -> None:
        api, page = self.attempt(
            member, {"target_type": "comment", "target_id": 10**12, "reason": "spam"}
        )
        assert (api.status_code, api.json()["code"], page.status_code) == (404, "not_found", 404)

    def test_the_limit_either_way(self, member: User, settings) -> None:
        settings.REPORTS_DAILY_LIMIT = 0
        target = UserFactory.create()
        api, page = self.attempt(
            member, {"target_type": "member", "target_id": target.pk, "reason": "spam"}
        )
        assert api.status_code == 429 and api.json()["code"] == "report_limit"
        assert page.status_code == 429 and escape(api.json()["detail"]) in page.content.decode()
        assert not Report.objects.exists()

    def test_a_restricted_invitation_either_way(
        self, member: User, other: User, django_capture_on_commit_callbacks
    ) -> None:
        standing_services.sanction_create(
            member=member,
            kind=SanctionKind.RESTRICTION,
            actions=["invite"],
            reason="Spam",
            until=timezone.now() + timedelta(days=1),
        )
        api, page = attempt_both(member, {"to": other.pk}, django_capture_on_commit_callbacks)
        assert api["code"] == "restricted" and api["status"] == 403
        assert escape(api["detail"]) in page.content.decode()
        profile = browser(member).get(reverse("profile", args=[other.pk])).content.decode()
        assert escape(api["detail"]) in profile and "disabled" in profile

    def test_a_restricted_post_either_way(self, member: User) -> None:
        standing_services.sanction_create(
            member=member, kind=SanctionKind.RESTRICTION, actions=["post"], reason="Spam"
        )
        api = APIClient()
        api.force_authenticate(member)
        refused = api.post(url("posts"), {"body": "Hi"}).json()
        page = browser(member).post(reverse("feed:post_create"), {"body": "Hi", "kind": "status"})
        assert refused["code"] == "restricted" and page.status_code == 403
        assert escape(refused["detail"]) in page.content.decode()


class TestStanding:
    def test_good(self, member: User) -> None:
        page = browser(member).get(reverse("moderation:standing"))
        assert "in good standing" in page.content.decode()

    def test_restricted_then_appeal_once(self, member: User) -> None:
        sanction = standing_services.sanction_create(
            member=member, kind=SanctionKind.RESTRICTION, actions=["message"], reason="Spam DMs"
        )
        client = browser(member)
        page = client.get(reverse("moderation:standing")).content.decode()
        assert "Restricted from sending messages" in page and "Spam DMs" in page
        assert "Until a moderator lifts it" in page
        appeal = reverse("moderation:appeal", args=[sanction.pk])
        assert client.post(appeal, {"text": ""}).status_code == 400
        done = client.post(appeal, {"text": "It was a mistake"}, follow=True)
        assert "Your appeal was sent" in done.content.decode()
        again = client.post(appeal, {"text": "Again"}, follow=True)
        assert "already appealed" in again.content.decode()
        assert Appeal.objects.count() == 1
        other = UserFactory.create()
        assert browser(other).post(appeal, {"text": "x"}).status_code == 404


class TestAdmin:
    def test_the_queue_a_case_and_resolving_it(
        self, member: User, other: User, moderator: User, connect
    ) -> None:
        connect(member, other)
        post = post_by(other, "Cheap watches")
        browser(member).post(report_page("post", post.pk), {"reason": "spam", "detail": "x"})
        case = Case.objects.get()
        client = browser(moderator)
        queue = client.get(reverse("admin:moderation_case_changelist"))
        assert queue.status_code == 200 and f"Case {case.pk}" in queue.content.decode()
        detail = client.get(reverse("admin:moderation_case_change", args=[case.pk]))
        assert "Cheap watches" in detail.content.decode()
        resolve = reverse("admin:moderation_case_resolve", args=[case.pk])
        assert "Cheap watches" in client.get(resolve).content.decode()
        refused = client.post(resolve, {"action": "restrict"})
        assert "Choose at least one" in refused.content.decode()
        assert Case.objects.get().status == CaseStatus.OPEN and not LogEntry.objects.exists()
        done = client.post(resolve, {"action": "restrict", "actions": ["post"], "note": "Spam"})
        assert done.status_code == 302
        assert Sanction.objects.get().actions == ["post"]
        assert Case.objects.get().status == CaseStatus.RESOLVED

    def test_deciding_an_appeal_in_the_admin(
        self, member: User, moderator: User, second_moderator: User
    ) -> None:
        sanction = standing_services.sanction_create(
            member=member, kind=SanctionKind.WARNING, reason="x", by=moderator
        )
        appeal = standing_services.appeal_create(member=member, sanction_id=sanction.pk, text="No")
        decide = reverse("admin:standing_appeal_decide", args=[appeal.pk])
        same = browser(moderator).post(decide, {"decision": "lifted"})
        assert "Another moderator" in same.content.decode()
        assert browser(second_moderator).post(decide, {"decision": "lifted"}).status_code == 302
        assert Appeal.objects.get().status == AppealStatus.LIFTED

    def test_members_cannot_open_the_queue(self, member: User) -> None:
        page = browser(member).get(reverse("admin:moderation_case_changelist"))
        assert page.status_code == 302  # to the admin login


class TestReportFromEveryList:
    """A member can be reported from every list that shows them, not only from their profile."""

    def test_connections_suggestions_and_search_results_carry_the_menu(
        self, member: User, other: User, connect: Any
    ) -> None:
        from accounts.services import profile_update

        friend_of_friend = UserFactory.create(first_name="Zelda", last_name="Quinn")
        connect(member, other)
        connect(other, friend_of_friend)
        profile_update(member=friend_of_friend, headline="Zoologist")
        client = browser(member)
        report_other = report_page("member", other.pk)
        report_zelda = report_page("member", friend_of_friend.pk)

        my_network = client.get(reverse("my_network")).content.decode()
        assert report_other in my_network  # the connection's row
        assert report_zelda in my_network  # the suggestion
        assert f"More actions for {escape(other.full_name)}" in my_network

        results = client.get(reverse("search:people"), {"q": "Zoologist"}).content.decode()
        assert report_zelda in results
