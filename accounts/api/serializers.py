"""Input and output shapes of the accounts API."""

from datetime import date
from typing import Any

from django.conf import settings
from rest_framework import serializers

from accounts.cards import CardValues, photo_address
from accounts.industries import INDUSTRIES
from accounts.models import (
    Block,
    ConnectionsVisibleTo,
    Education,
    InvitationsFrom,
    Position,
    User,
)
from accounts.policies import ProfileAccess, profile_sections
from core.pagination import api_time
from standing.models import AppealStatus


def photo_url(member: User, *, thumbnail: bool = True) -> str | None:
    profile = member.profile
    shown = (profile.photo_thumbnail.name if thumbnail else "") or ""
    return photo_address(shown, profile.photo.name or "")


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(
        max_length=128, write_only=True, style={"input_type": "password"}
    )
    first_name = serializers.CharField(max_length=60)
    last_name = serializers.CharField(max_length=60)


class TokenInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, write_only=True)


class SuspensionAppealInputSerializer(TokenInputSerializer):
    # The length rule is the service's (standing.services.APPEAL_MAX_LENGTH).
    text = serializers.CharField(max_length=10_000)


class SuspensionAppealSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AppealStatus.choices)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class RefreshInputSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class MemberSummarySerializer(serializers.Serializer):
    """A member as shown in lists (blocked list, later: connections, search...)."""

    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    headline = serializers.CharField(source="profile.headline")
    location = serializers.CharField(source="profile.location")
    photo = serializers.SerializerMethodField()

    def get_photo(self, member: User) -> str | None:
        return photo_url(member)


class MonthDateField(serializers.DateField):
    """A month and a year: "YYYY-MM", or "YYYY-MM-DD" as before (the day is dropped). Stored
    and returned as the first day of the month ("2021-03-01")."""

    default_error_messages = {
        "invalid": "Enter a month as YYYY-MM (or a date as YYYY-MM-DD).",
    }

    def to_internal_value(self, value: Any) -> date:
        text = str(value).strip() if isinstance(value, str) else value
        if isinstance(text, str) and len(text) == 7 and text[4:5] == "-":
            text = f"{text}-01"
        parsed = super().to_internal_value(text)
        return parsed.replace(day=1)


class PositionSerializer(serializers.ModelSerializer):
    is_current = serializers.BooleanField(read_only=True)
    start_date = MonthDateField(
        help_text="The month it began: YYYY-MM, or YYYY-MM-DD (the day is dropped); "
        "returned as the first of the month."
    )
    end_date = MonthDateField(
        required=False,
        allow_null=True,
        help_text="Its last month, as start_date; null while current.",
    )

    class Meta:
        model = Position
        fields = [
            "id",
            "company",
            "title",
            "location",
            "start_date",
            "end_date",
            "description",
            "is_current",
        ]


class EducationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Education
        fields = [
            "id",
            "school",
            "degree",
            "field_of_study",
            "start_year",
            "start_month",
            "end_year",
            "end_month",
        ]
        extra_kwargs = {
            "start_month": {"min_value": 1, "max_value": 12, "help_text": "1-12, optional."},
            "end_month": {"min_value": 1, "max_value": 12, "help_text": "1-12, optional."},
        }


class OwnProfileSerializer(serializers.Serializer):
    """The member's own full profile (GET /me)."""

    id = serializers.IntegerField(read_only=True)
    email = serializers.EmailField(read_only=True)
    first_name = serializers.CharField(max_length=60)
    last_name = serializers.CharField(max_length=60)
    headline = serializers.CharField(source="profile.headline", max_length=220, allow_blank=True)
    summary = serializers.CharField(source="profile.summary", max_length=2600, allow_blank=True)
    industry = serializers.ChoiceField(
        source="profile.industry", choices=[("", ""), *INDUSTRIES], allow_blank=True
    )
    location = serializers.CharField(source="profile.location", max_length=100, allow_blank=True)
    current_company = serializers.CharField(
        source="profile.current_company", max_length=100, allow_blank=True
    )
    current_title = serializers.CharField(
        source="profile.current_title", max_length=100, allow_blank=True
    )
    skills = serializers.ListField(
        source="profile.skills", child=serializers.CharField(max_length=80), max_length=200
    )
    photo = serializers.SerializerMethodField()
    photo_thumbnail = serializers.SerializerMethodField()
    positions = PositionSerializer(many=True, read_only=True)
    education = EducationSerializer(many=True, read_only=True)
    profile_strength = serializers.SerializerMethodField()

    def get_photo(self, member: User) -> str | None:
        return photo_url(member, thumbnail=False)

    def get_photo_thumbnail(self, member: User) -> str | None:
        return member.profile.photo_thumbnail.url if member.profile.photo_thumbnail else None

    def get_profile_strength(self, member: User) -> dict[str, Any]:
        from accounts.selectors import profile_strength

        strength = profile_strength(member)
        return {"percent": strength.percent, "hints": strength.hints}

    def validate_skills(self, skills: list[str]) -> list[str]:
        limit = settings.PROFILE_SKILLS_MAX
        if len({skill.strip().lower() for skill in skills if skill.strip()}) > limit:
            raise serializers.ValidationError(f"A profile lists at most {limit} skills.")
        return skills


class ProfileUpdateSerializer(OwnProfileSerializer):
    def to_internal_value(self, data: Any) -> dict[str, Any]:
        values = super().to_internal_value(data)
        flat = {name: value for name, value in values.items() if name != "profile"}
        flat.update(values.get("profile", {}))
        return flat


class PhotoInputSerializer(serializers.Serializer):
    photo = serializers.ImageField()


class MemberProfileSerializer(serializers.Serializer):
    """Another member's profile, limited to what this viewer may see."""

    id = serializers.IntegerField()
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    display_name = serializers.CharField()
    headline = serializers.CharField()
    photo = serializers.CharField(allow_null=True)
    location = serializers.CharField(allow_null=True)
    industry = serializers.CharField(allow_null=True)
    current_company = serializers.CharField(allow_null=True)
    current_title = serializers.CharField(allow_null=True)
    summary = serializers.CharField(allow_null=True)
    skills = serializers.ListField(child=serializers.CharField(), allow_null=True)
    positions = PositionSerializer(many=True, allow_null=True)
    education = EducationSerializer(many=True, allow_null=True)
    email = serializers.EmailField(allow_null=True)
    visibility = serializers.ChoiceField(choices=[access.value for access in ProfileAccess])

    @staticmethod
    def for_viewer(member: User, access: ProfileAccess) -> dict[str, Any]:
        """Build the visible representation; hidden parts are null, never absent-by-accident."""
        sections = profile_sections(access)
        profile = member.profile
        shown = sections.name
        return {
            "id": member.pk,
            "first_name": member.first_name if shown else "",
            "last_name": member.last_name if shown else "",
            "display_name": member.full_name if shown else "Network member",
            "headline": profile.headline,
            "photo": photo_url(member) if shown else None,
            "location": profile.location if shown else None,
            "industry": profile.industry if shown else None,
            "current_company": profile.current_company if shown else None,
            "current_title": profile.current_title if shown else None,
            "summary": profile.summary if sections.summary else None,
            "skills": list(profile.skills) if sections.summary else None,
            "positions": PositionSerializer(member.positions.all(), many=True).data
            if sections.history
            else None,
            "education": EducationSerializer(member.education.all(), many=True).data
            if sections.history
            else None,
            "email": member.email
            if sections.contact and member.show_email_to_connections
            else None,
            "visibility": access.value,
        }


class SettingsSerializer(serializers.Serializer):
    invitations_from = serializers.ChoiceField(choices=InvitationsFrom.choices)
    connections_visible_to = serializers.ChoiceField(choices=ConnectionsVisibleTo.choices)
    profile_visible_to_out_of_network = serializers.BooleanField()
    show_email_to_connections = serializers.BooleanField()


class BlockInputSerializer(serializers.Serializer):
    member = serializers.IntegerField(min_value=1)


class BlockSerializer(serializers.ModelSerializer):
    member = MemberSummarySerializer(source="blocked")

    class Meta:
        model = Block
        fields = ["member", "created_at"]


def summary_data(values: CardValues) -> dict[str, Any]:
    """`MemberSummarySerializer`'s output from a card's values, as a plain dict."""
    return {
        "id": values.id,
        "first_name": values.first_name,
        "last_name": values.last_name,
        "headline": values.headline,
        "location": values.location,
        "photo": values.photo_url,
    }


def block_row_data(row: tuple[Any, ...]) -> dict[str, Any]:
    """`BlockSerializer`'s output from a row of `accounts.selectors.blocked_member_rows`."""
    return {"member": summary_data(CardValues(*row[:-1])), "created_at": api_time(row[-1])}


class DeleteAccountInputSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, write_only=True)


class EmailConfirmInputSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=200, help_text="The key in the confirmation link.")


class EmailConfirmedSerializer(serializers.Serializer):
    email = serializers.EmailField()
    verified = serializers.BooleanField()
