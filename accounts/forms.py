"""Page forms: input shape only; the services decide."""

import re
from datetime import date
from typing import Any, NamedTuple

from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.dates import MONTHS
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from accounts.models import Education, Position, Profile, User

MONTH_NAMES = [str(MONTHS[number]) for number in range(1, 13)]


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


class YearMonth(NamedTuple):
    year: int
    month: int | None


MONTH_CHOICES = [(str(number), name) for number, name in enumerate(MONTH_NAMES, start=1)]
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-\d{1,2})?$")


class MonthYearWidget(forms.MultiWidget):
    """A month select and a year box, each with its own label, in the field's fieldset (the
    field's label is its legend). A single value under the field's own name ("2021-03", or
    "2021-03-15" as the forms took before) is read too."""

    use_fieldset = True

    def __init__(self, *, month_required: bool = True) -> None:
        blank = "Month" if month_required else "Month (optional)"
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "month": forms.Select(choices=[("", blank), *MONTH_CHOICES]),
            "year": forms.NumberInput(attrs={"min": 1900, "max": 2100, "inputmode": "numeric"}),
        }
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [str(value.month), value.year]
        if isinstance(value, YearMonth):
            return [str(value.month) if value.month else "", value.year]
        return ["", None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[Any]:
        single = data.get(name)
        if single:
            match = _ISO_MONTH.match(str(single).strip())
            return [str(int(match[2])), match[1]] if match else ["", str(single)]
        return list(super().value_from_datadict(data, files, name))

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        values = value if isinstance(value, list) else self.decompress(value)
        final = self.build_attrs(self.attrs, attrs)
        parts = []
        for index, (widget, suffix, label) in enumerate(
            zip(self.widgets, ("_month", "_year"), ("Month", "Year"), strict=True)
        ):
            sub = dict(final)
            if "id" in final:
                sub["id"] = f"{final['id']}_{index}"
            parts.append(
                format_html(
                    '<span class="month-year-part"><label class="month-year-label" for="{}">'
                    "{}</label>{}</span>",
                    sub.get("id", ""),
                    label,
                    widget.render(name + suffix, values[index], sub, renderer),
                )
            )
        return format_html('<span class="month-year">{}</span>', mark_safe("".join(parts)))  # noqa: S308


class MonthYearField(forms.MultiValueField):
    """A month and a year (the month optional with `month_required=False`) → YearMonth."""

    widget = MonthYearWidget

    def __init__(self, *, month_required: bool = True, **kwargs: Any) -> None:
        fields = (
            forms.TypedChoiceField(
                choices=MONTH_CHOICES,
                coerce=int,
                required=month_required,
                error_messages={"required": "Choose the month.", "incomplete": "Choose the month."},
            ),
            forms.IntegerField(
                min_value=1900,
                max_value=2100,
                error_messages={"required": "Enter the year.", "incomplete": "Enter the year."},
            ),
        )
        super().__init__(
            fields,
            require_all_fields=False,
            widget=MonthYearWidget(month_required=month_required),
            **kwargs,
        )

    def compress(self, data_list: list[Any]) -> Any:
        return year_month(data_list)


def year_month(data_list: list[Any]) -> YearMonth | None:
    """[month, year] as the two inputs give them → YearMonth (None without a year)."""
    if not data_list or data_list[1] in (None, ""):
        return None
    month = data_list[0]
    return YearMonth(int(data_list[1]), int(month) if month not in (None, "") else None)


class FirstOfMonthField(MonthYearField):
    """A month and a year, stored as the first day of the month."""

    def compress(self, data_list: list[Any]) -> date | None:
        value = year_month(data_list)
        return date(value.year, value.month or 1, 1) if value else None


class PositionForm(forms.ModelForm):
    start_date = FirstOfMonthField(label="Start")
    end_date = FirstOfMonthField(
        label="End", required=False, help_text="Leave empty while this is your current position."
    )
    full_width = frozenset({"location", "description"})  # fields taking a whole row

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "position_%s")  # the profile form has a location too
        super().__init__(*args, **kwargs)

    class Meta:
        model = Position
        fields = ["title", "company", "start_date", "end_date", "location", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class EducationForm(forms.ModelForm):
    """School, degree, field, and start and end as a year with an optional month; cleaned into
    the model's start_year/start_month and end_year/end_month."""

    start = MonthYearField(label="Start", required=False, month_required=False)
    end = MonthYearField(label="End", required=False, month_required=False)
    full_width = frozenset({"school"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "education_%s")
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            for part in ("start", "end"):
                year = getattr(self.instance, f"{part}_year")
                if year:
                    self.initial[part] = YearMonth(year, getattr(self.instance, f"{part}_month"))

    class Meta:
        model = Education
        fields = ["school", "degree", "field_of_study"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for part in ("start", "end"):
            value: YearMonth | None = cleaned.pop(part, None)
            cleaned[f"{part}_year"] = value.year if value else None
            cleaned[f"{part}_month"] = value.month if value else None
            setattr(self.instance, f"{part}_year", cleaned[f"{part}_year"])
            setattr(self.instance, f"{part}_month", cleaned[f"{part}_month"])
        return cleaned


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
