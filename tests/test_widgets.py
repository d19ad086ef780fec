"""FastSelect renders exactly what Django's Select renders (core/widgets.py)."""

from typing import Any

import pytest
from django import forms

from core.widgets import FastSelect

CHOICES: list[Any] = [
    [("", "Any industry"), ("software", "Computer software"), ("food", "Food & <drink>")],
    [(1, "One"), (2, 'Two "2"'), (3, 3)],
    [("", "Any"), ("Group <a>", [("x", "X"), ("y", "Y")]), ("z", "Zed"), ("Empty", [])],
    [],
]
VALUES: list[Any] = [None, "", "software", "food", 2, "2", "x", ["x", "z"], "missing"]
ATTRS: list[dict[str, Any] | None] = [
    None,
    {"id": "id_industry"},
    {"id": "i", "class": 'a "b"', "required": True, "disabled": False, "data-n": 5},
]


@pytest.mark.parametrize("choices", CHOICES)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_fast_select_is_djangos_select(choices: Any, value: Any, attrs: Any):
    fast = FastSelect(choices=choices, attrs={"autocomplete": "off"})
    django = forms.Select(choices=choices, attrs={"autocomplete": "off"})
    assert fast.render("industry", value, attrs) == django.render("industry", value, attrs)


def test_several_selected_values_as_djangos_multiple_select():
    class Multiple(FastSelect):
        allow_multiple_selected = True

    expected = forms.SelectMultiple(choices=CHOICES[0]).render("i", ["food", "software"])
    assert Multiple(choices=CHOICES[0]).render("i", ["food", "software"]) == expected
    assert " multiple" in expected


def test_a_bound_field_renders_through_it():
    class Form(forms.Form):
        industry = forms.ChoiceField(choices=CHOICES[0], required=False, widget=FastSelect)

    class Reference(forms.Form):
        industry = forms.ChoiceField(choices=CHOICES[0], required=False)

    data = {"industry": "food"}
    assert str(Form(data)["industry"]) == str(Reference(data)["industry"])
    assert 'value="food" selected' in str(Form(data)["industry"])


def test_a_widget_with_its_own_template_is_left_to_django():
    class Custom(FastSelect):
        option_template_name = "django/forms/widgets/input_option.html"

    custom = Custom(choices=CHOICES[0])
    assert "<option" not in custom.render("i", "food")
