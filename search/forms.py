"""The input shapes of search, shared by the page and the API (one parser, one set of error
messages): `degree=1,2` or repeated `degree=1&degree=2`; ids must be positive integers."""

from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from accounts.industries import INDUSTRIES
from core.forms import FixedChoiceField
from core.widgets import FastSelect

DEGREE_CHOICES = [("1", "1st"), ("2", "2nd"), ("3", "3rd+")]
QUERY_MAX_LENGTH = 200


class DegreeWidget(forms.CheckboxSelectMultiple):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if isinstance(data, MultiValueDict) else [data.get(name, "")]
        return [part.strip() for value in values if value for part in str(value).split(",")]


class CountsFilters(forms.Form):
    """A search form that tells how many filters are set (the phones' "Filters (n active)"):
    every field but the keywords and paging."""

    NOT_FILTERS = frozenset({"q", "page", "page_size"})

    def active_filter_count(self) -> int:
        if not self.is_bound:
            return 0
        return sum(
            1
            for name in self.fields
            if name not in self.NOT_FILTERS
            and any(str(value).strip() for value in self._raw_values(name))
        )

    def _raw_values(self, name: str) -> list[Any]:
        data = self.data
        return data.getlist(name) if isinstance(data, MultiValueDict) else [data.get(name, "")]


class PeopleSearchForm(CountsFilters):
    q = forms.CharField(label="Keywords", max_length=QUERY_MAX_LENGTH, required=False, strip=True)
    degree = forms.MultipleChoiceField(
        label="Connections", choices=DEGREE_CHOICES, required=False, widget=DegreeWidget
    )
    industry = FixedChoiceField(
        choices=[("", "Any industry"), *INDUSTRIES], required=False, widget=FastSelect
    )
    location = forms.CharField(max_length=100, required=False)
    company = forms.CharField(label="Current company", max_length=100, required=False)
    past_company = forms.CharField(label="Past company", max_length=100, required=False)
    school = forms.CharField(max_length=150, required=False)
    connection_of = forms.IntegerField(
        label="Connections of (member id)", min_value=1, max_value=2**31 - 1, required=False
    )
    group = forms.IntegerField(
        label="Member of group", min_value=1, max_value=2**31 - 1, required=False
    )
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=50, required=False)

    def __init__(
        self, *args: Any, group_choices: list[tuple[int, str]] | None = None, **kwargs: Any
    ) -> None:
        """`group_choices` (the page: the viewer's groups) shows the group filter as a list;
        any id still parses, and the selector decides whether the viewer may use it."""
        super().__init__(*args, **kwargs)
        self.fields["degree"].error_messages["invalid_choice"] = (
            "Unknown degree %(value)s: use 1, 2 or 3 (3 means 3rd and beyond)."
        )
        if group_choices is not None:
            self.fields["group"].widget = FastSelect(
                choices=[("", "Any group"), *[(str(pk), name) for pk, name in group_choices]]
            )


class GroupSearchForm(CountsFilters):
    q = forms.CharField(label="Keywords", max_length=QUERY_MAX_LENGTH, required=False, strip=True)
    industry = FixedChoiceField(
        choices=[("", "Any industry"), *INDUSTRIES], required=False, widget=FastSelect
    )
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=50, required=False)


class TypeaheadForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, strip=True)
