"""The input shape of people search, shared by the page and the API (one parser, one set of
error messages): `degree=1,2` or repeated `degree=1&degree=2`; ids must be positive integers."""

from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict

from accounts.industries import INDUSTRIES

DEGREE_CHOICES = [("1", "1st"), ("2", "2nd"), ("3", "3rd+")]
QUERY_MAX_LENGTH = 200


class DegreeWidget(forms.CheckboxSelectMultiple):
    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        values = data.getlist(name) if isinstance(data, MultiValueDict) else [data.get(name, "")]
        return [part.strip() for value in values if value for part in str(value).split(",")]


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label="Keywords", max_length=QUERY_MAX_LENGTH, required=False, strip=True)
    degree = forms.MultipleChoiceField(
        label="Connections", choices=DEGREE_CHOICES, required=False, widget=DegreeWidget
    )
    industry = forms.ChoiceField(choices=[("", "Any industry"), *INDUSTRIES], required=False)
    location = forms.CharField(max_length=100, required=False)
    company = forms.CharField(label="Current company", max_length=100, required=False)
    past_company = forms.CharField(label="Past company", max_length=100, required=False)
    school = forms.CharField(max_length=150, required=False)
    connection_of = forms.IntegerField(
        label="Connections of (member id)", min_value=1, max_value=2**31 - 1, required=False
    )
    group = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    page = forms.IntegerField(min_value=1, max_value=1000, required=False)
    page_size = forms.IntegerField(min_value=1, max_value=50, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["degree"].error_messages["invalid_choice"] = (
            "Unknown degree %(value)s: use 1, 2 or 3 (3 means 3rd and beyond)."
        )


class TypeaheadForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, strip=True)
