"""Form fields for forms built on every request.

A Django form deep-copies its fields when it is built, and a `ChoiceField` its choices with
them: the industry list of the search forms (about 150 pairs of strings) was 0.45 of the
1.0 ms that validating a people search's parameters cost (docs/benchmarks.md, "Every list
fast"). `FixedChoiceField` shares its choices between the copies instead; they are fixed
when the form class is defined, and nothing changes them per form (a form that needs other
choices sets a new list, as `choices = ...` always did, which replaces, never mutates).
"""

from typing import Any

from django import forms


class FixedChoiceField(forms.ChoiceField):
    def __deepcopy__(self, memo: dict[int, Any]) -> "FixedChoiceField":
        choices = self.__dict__["_choices"]  # set by ChoiceField.__init__
        memo[id(choices)] = choices  # deepcopy hands back the same list
        result: FixedChoiceField = super().__deepcopy__(memo)
        return result
