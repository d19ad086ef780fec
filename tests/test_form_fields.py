"""FixedChoiceField (core/forms.py): a form's copy shares the class's choices and validates
as Django's ChoiceField does."""

from typing import Any

import pytest
from django import forms

from core.forms import FixedChoiceField

CHOICES = [("", "Any"), ("software", "Computer software"), ("food", "Food")]


class Fixed(forms.Form):
    industry = FixedChoiceField(choices=CHOICES, required=False)


class Plain(forms.Form):
    industry = forms.ChoiceField(choices=CHOICES, required=False)


def test_a_forms_copy_shares_the_choices() -> None:
    form = Fixed()
    field: Any = form.fields["industry"]
    base: Any = Fixed.base_fields["industry"]
    assert field is not base
    assert field._choices is base._choices
    assert field.widget is not base.widget
    assert list(field.widget.choices) == CHOICES


def test_new_choices_on_one_form_leave_the_class_alone() -> None:
    form = Fixed()
    field: Any = form.fields["industry"]
    field.choices = [("x", "X")]
    fresh: Any = Fixed().fields["industry"]
    assert list(fresh.choices) == CHOICES
    assert not Fixed({"industry": "x"}).is_valid()


@pytest.mark.parametrize("value", ["", "software", "food", "missing", "Software", " food"])
def test_validates_as_djangos_choice_field(value: str) -> None:
    fixed, plain = Fixed({"industry": value}), Plain({"industry": value})
    assert fixed.is_valid() == plain.is_valid()
    assert fixed.errors == plain.errors
    if plain.is_valid():
        assert fixed.cleaned_data == plain.cleaned_data
