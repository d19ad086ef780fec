"""Page forms of groups: input shape only; the services decide."""

from django import forms

from accounts.industries import INDUSTRIES
from groups.models import JoinPolicy, Visibility


class GroupForm(forms.Form):
    name = forms.CharField(max_length=100)
    description = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    rules = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    industry = forms.ChoiceField(required=False, choices=[("", "—"), *INDUSTRIES])
    logo = forms.ImageField(required=False)
    visibility = forms.ChoiceField(choices=Visibility.choices, initial=Visibility.LISTED)
    join_policy = forms.ChoiceField(choices=JoinPolicy.choices, initial=JoinPolicy.OPEN)
    posts_need_approval = forms.BooleanField(
        required=False, label="New posts by members need a manager's approval"
    )


class GroupSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Search groups")
    industry = forms.ChoiceField(required=False, choices=[("", "Any industry"), *INDUSTRIES])
