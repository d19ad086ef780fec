"""Page forms: input shape only; the services decide."""

from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest

from accounts.models import Education, Position, Profile, User


class SignupNamesForm(forms.Form):
    """Extra fields of allauth's sign-up form."""

    first_name = forms.CharField(max_length=60, label="First name")
    last_name = forms.CharField(max_length=60, label="Last name")

    def signup(self, request: HttpRequest, user: User) -> None:
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(max_length=60)
    last_name = forms.CharField(max_length=60)
    skills = forms.CharField(
        required=False,
        help_text="Separate skills with commas.",
        widget=forms.TextInput(attrs={"placeholder": "Python, Negotiation, Public speaking"}),
    )

    class Meta:
        model = Profile
        fields = [
            "headline",
            "current_title",
            "current_company",
            "industry",
            "location",
            "summary",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, member: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = member.first_name
        self.fields["last_name"].initial = member.last_name
        if self.instance and not self.is_bound:
            self.initial["skills"] = ", ".join(self.instance.skills)

    def clean_skills(self) -> list[str]:
        raw = self.cleaned_data.get("skills") or ""
        skills = [part.strip() for part in raw.split(",") if part.strip()]
        limit = settings.PROFILE_SKILLS_MAX
        if len({skill.lower() for skill in skills}) > limit:
            raise forms.ValidationError(f"A profile lists at most {limit} skills.")
        if any(len(skill) > 80 for skill in skills):
            raise forms.ValidationError("Each skill is at most 80 characters.")
        return skills


class PhotoForm(forms.Form):
    photo = forms.ImageField(help_text="JPEG, PNG or WebP, at most 5 MB.")


class PositionForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "position_%s")  # the profile form has a location too
        super().__init__(*args, **kwargs)

    class Meta:
        model = Position
        fields = ["title", "company", "location", "start_date", "end_date", "description"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class EducationForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "education_%s")
        super().__init__(*args, **kwargs)

    class Meta:
        model = Education
        fields = ["school", "degree", "field_of_study", "start_year", "end_year"]


class SettingsForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "invitations_from",
            "connections_visible_to",
            "profile_visible_to_out_of_network",
            "show_email_to_connections",
        ]
        labels = {
            "invitations_from": "Who may invite me",
            "connections_visible_to": "Who sees my connections",
            "profile_visible_to_out_of_network": "Show my profile to members outside my network",
            "show_email_to_connections": "Show my email address to my connections",
        }
        widgets = {
            "invitations_from": forms.RadioSelect,
            "connections_visible_to": forms.RadioSelect,
        }


class DeleteAccountForm(forms.Form):
    password = forms.CharField(widget=forms.PasswordInput, label="Confirm with your password")
    confirm = forms.BooleanField(
        label="I understand that my account and all my data will be deleted for good."
    )
