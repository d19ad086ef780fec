"""Job and education dates are a month and a year: the forms' month and year inputs, the API's
YYYY-MM (and the YYYY-MM-DD it took before), the database's first-of-month rule, the order
rule refusing an end before the start with nothing saved, the display, and the migration."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils.html import strip_tags
from rest_framework.test import APIClient

from accounts import services
from accounts.forms import EducationForm, PositionForm, YearMonth
from accounts.models import Education, Position, User, month_year_label
from core.exceptions import InvalidInput
from tests.factories import UserFactory
from tests.helpers import assert_error, url

pytestmark = pytest.mark.django_db


def _position_form(**data: str) -> PositionForm:
    return PositionForm(data={"title": "CTO", "company": "Acme", **data})


class TestPositionForm:
    def test_month_and_year_make_the_first_of_the_month(self) -> None:
        form = _position_form(start_date_month="3", start_date_year="2021")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start_date"] == date(2021, 3, 1)
        assert form.cleaned_data["end_date"] is None

    def test_a_single_value_is_read_as_before(self) -> None:
        for value in ("2021-03", "2021-03-17"):
            form = _position_form(start_date=value)
            assert form.is_valid(), form.errors
            assert form.cleaned_data["start_date"] == date(2021, 3, 1)

    def test_missing_or_bad_parts_are_form_errors(self) -> None:
        assert "start_date" in _position_form(start_date_year="2021").errors
        assert "start_date" in _position_form(start_date_month="3").errors
        assert "start_date" in _position_form(start_date_month="13", start_date_year="2021").errors
        assert "start_date" in _position_form(start_date_month="3", start_date_year="21").errors
        assert "start_date" in _position_form(start_date="March").errors
        assert "start_date" in _position_form().errors

    def test_end_before_start_is_a_form_error(self) -> None:
        form = _position_form(
            start_date_month="3", start_date_year="2021", end_date_month="2", end_date_year="2021"
        )
        assert not form.is_valid()
        assert "The end date cannot be before the start date." in str(form.errors)

    def test_the_inputs_are_labelled_in_a_fieldset(self) -> None:
        html = str(PositionForm()["start_date"])
        assert 'name="start_date_month"' in html and 'name="start_date_year"' in html
        assert '<label class="month-year-label" for="position_start_date_0">Month</label>' in html
        assert '<label class="month-year-label" for="position_start_date_1">Year</label>' in html
        assert PositionForm()["start_date"].use_fieldset
        bound = str(PositionForm(initial={"start_date": date(2021, 3, 1)})["start_date"])
        assert '<option value="3" selected>' in bound and 'value="2021"' in bound


class TestEducationForm:
    def test_year_with_an_optional_month(self) -> None:
        form = EducationForm(
            data={"school": "Técnico", "start_year": "2010", "end_month": "6", "end_year": "2014"}
        )
        assert form.is_valid(), form.errors
        assert {k: form.cleaned_data[k] for k in ("start_year", "start_month")} == {
            "start_year": 2010,
            "start_month": None,
        }
        assert (form.cleaned_data["end_year"], form.cleaned_data["end_month"]) == (2014, 6)

    def test_a_month_without_a_year_is_an_error(self) -> None:
        form = EducationForm(data={"school": "Técnico", "start_month": "9"})
        assert "start" in form.errors

    def test_an_entry_shows_its_own_values(self) -> None:
        entry = Education(school="Técnico", start_year=2010, start_month=9, end_year=2014)
        entry.pk = 1
        form = EducationForm(instance=entry)
        assert form.initial["start"] == YearMonth(2010, 9)
        assert form.initial["end"] == YearMonth(2014, None)


class TestRules:
    def test_the_database_keeps_positions_on_the_first_of_a_month(self, member: User) -> None:
        with pytest.raises(InvalidInput) as refused:
            services.position_create(
                member=member, company="Acme", title="CTO", start_date=date(2021, 3, 5)
            )
        assert "month and a year" in str(refused.value.fields)
        with transaction.atomic(), pytest.raises(IntegrityError):
            Position.objects.create(
                member=member, company="Acme", title="CTO", start_date=date(2021, 3, 5)
            )
        assert not Position.objects.exists()

    def test_education_months_are_ordered_and_need_their_year(self, member: User) -> None:
        for fields in (
            {"start_year": 2014, "start_month": 9, "end_year": 2014, "end_month": 6},
            {"start_month": 9},
            {"start_year": 2014, "start_month": 13},
        ):
            with pytest.raises(InvalidInput):
                services.education_create(member=member, school="Técnico", **fields)
        assert not Education.objects.exists()
        entry = services.education_create(
            member=member, school="Técnico", start_year=2014, start_month=6, end_year=2014
        )
        assert (entry.start_label, entry.end_label) == ("Jun 2014", "2014")

    def test_labels(self) -> None:
        assert month_year_label(2021, 3) == "Mar 2021"
        assert month_year_label(2021, None) == "2021"
        assert month_year_label(None, None) == ""


def _add_position(client: Client, **dates: str) -> str:
    """Post the add-position form as htmx does; return the fragment's text."""
    data = {"title": "CTO", "company": "Acme", "start_date_month": "3", "start_date_year": "2021"}
    response = client.post(reverse("position_add"), {**data, **dates}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


class TestPages:
    def test_add_a_position_by_month_and_see_it(self, client: Client, member: User) -> None:
        client.force_login(member)
        fragment = _add_position(client)
        assert "Mar 2021 \u2013 Present" in " ".join(strip_tags(fragment).split())
        assert Position.objects.get(member=member).start_date == date(2021, 3, 1)

    def test_end_before_start_saves_nothing(self, client: Client, member: User) -> None:
        client.force_login(member)
        fragment = _add_position(client, end_date_month="1", end_date_year="2021")
        assert "The end date cannot be before the start date." in fragment
        assert not Position.objects.exists()
        refused = client.post(
            reverse("education_add"),
            {"school": "Técnico", "start_month": "9", "start_year": "2014", "end_year": "2013"},
            HTTP_HX_REQUEST="true",
        )
        assert refused.context["education_form"].errors
        assert not Education.objects.exists()

    def test_education_with_months_is_shown(self, client: Client, member: User) -> None:
        client.force_login(member)
        client.post(
            reverse("education_add"),
            {"school": "Técnico", "start_month": "9", "start_year": "2010", "end_year": "2014"},
        )
        page = client.get(reverse("profile", args=[member.pk])).content.decode()
        dates = '<time datetime="2010-09">Sep 2010</time> \u2013 <time datetime="2014">2014</time>'
        assert dates in page


class TestApi:
    def test_months_and_the_old_dates_are_accepted(self, member_api: APIClient) -> None:
        month = member_api.post(
            url("positions"), {"company": "Acme", "title": "CTO", "start_date": "2021-03"}
        )
        assert month.status_code == 201, month.json()
        assert month.json()["start_date"] == "2021-03-01"
        day = member_api.post(
            url("positions"),
            {"company": "Acme", "title": "CFO", "start_date": "2020-01-15", "end_date": "2020-06"},
        )
        assert (day.json()["start_date"], day.json()["end_date"]) == ("2020-01-01", "2020-06-01")

    def test_bad_months_and_order_are_400s(self, member_api: APIClient) -> None:
        bad = member_api.post(
            url("positions"), {"company": "Acme", "title": "CTO", "start_date": "2021-13"}
        )
        assert "start_date" in assert_error(bad, 400, "invalid")["fields"]
        backwards = member_api.post(
            url("positions"),
            {"company": "Acme", "title": "CTO", "start_date": "2021-03", "end_date": "2021-02"},
        )
        assert_error(backwards, 400, "invalid")
        assert not Position.objects.exists()

    def test_education_months(self, member_api: APIClient) -> None:
        created = member_api.post(
            url("education-list"),
            {"school": "Técnico", "start_year": 2010, "start_month": 9, "end_year": 2014},
        )
        assert created.status_code == 201
        assert (created.json()["start_month"], created.json()["end_month"]) == (9, None)
        bad = member_api.post(url("education-list"), {"school": "X", "start_month": 9})
        assert_error(bad, 400, "invalid")


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_dates_to_the_first_of_their_month() -> None:
    """Back to before the migration, a position with days, and forward again."""
    member = UserFactory.create()
    call_command("migrate", "accounts", "0003", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO accounts_position (member_id, company, title, location, start_date, "
                "end_date, description) VALUES (%s, 'Acme', 'CTO', '', '2020-01-15', "
                "'2021-02-28', '')",
                [member.pk],
            )
    finally:
        call_command("migrate", "accounts", verbosity=0)
    position = Position.objects.get()
    assert (position.start_date, position.end_date) == (date(2020, 1, 1), date(2021, 2, 1))
