"""Account services on every branch, against PostgreSQL."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from accounts import services
from accounts.exceptions import (
    AlreadyBlocked,
    EmailTaken,
    InvalidPassword,
    MemberNotFound,
    NotBlocked,
    ReblockTooSoon,
    WrongPassword,
)
from accounts.models import Block, Education, Position, Profile, User
from core.exceptions import InvalidInput, NotFound, SelfAction
from tests.factories import EducationFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db


def image_upload(name: str = "me.png", size: tuple[int, int] = (300, 200), fmt: str = "PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 200)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


class TestRegister:
    def test_creates_member_with_profile_and_lowercase_email(self) -> None:
        member = services.member_register(
            email="  Ana.Silva@Example.COM ",
            password="a-long-enough-passphrase",
            first_name=" Ana ",
            last_name="Silva",
        )
        assert member.email == "ana.silva@example.com"
        assert member.first_name == "Ana"
        assert member.check_password("a-long-enough-passphrase")
        assert member.password.startswith("md5$") or member.password.startswith("argon2")
        assert Profile.objects.filter(member=member).exists()

    def test_email_is_unique_ignoring_case(self, member: User) -> None:
        with pytest.raises(EmailTaken):
            services.member_register(
                email=member.email.upper(),
                password="a-long-enough-passphrase",
                first_name="X",
                last_name="Y",
            )
        assert User.objects.count() == 1

    def test_weak_password_is_refused(self) -> None:
        with pytest.raises(InvalidPassword) as caught:
            services.member_register(
                email="new@example.com", password="123", first_name="N", last_name="M"
            )
        assert caught.value.messages
        assert not User.objects.exists()

    def test_invalid_email_is_refused(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            services.member_register(
                email="not-an-email",
                password="a-long-enough-passphrase",
                first_name="N",
                last_name="M",
            )
        assert "email" in caught.value.fields
        assert not User.objects.exists()

    def test_missing_names_are_refused(self) -> None:
        with pytest.raises(InvalidInput) as caught:
            services.member_register(
                email="n@example.com",
                password="a-long-enough-passphrase",
                first_name=" ",
                last_name="",
            )
        assert set(caught.value.fields) >= {"first_name", "last_name"}
        assert not User.objects.exists()


class TestProfileUpdate:
    def test_updates_fields_and_names(self, member: User) -> None:
        services.profile_update(
            member=member,
            first_name="Ana Maria",
            headline="Engineer",
            industry="internet",
            skills=["Python", " python ", "SQL", ""],
        )
        member.refresh_from_db()
        assert member.first_name == "Ana Maria"
        assert member.profile.headline == "Engineer"
        assert member.profile.industry == "internet"
        assert member.profile.skills == ["Python", "SQL"]

    @override_settings(PROFILE_SKILLS_MAX=3)
    def test_too_many_skills_changes_nothing(self, member: User) -> None:
        before = list(member.profile.skills)
        with pytest.raises(InvalidInput) as caught:
            services.profile_update(member=member, headline="New", skills=["a", "b", "c", "d"])
        assert "skills" in caught.value.fields
        member.profile.refresh_from_db()
        assert member.profile.skills == before
        assert member.profile.headline != "New"

    def test_unknown_industry_is_refused(self, member: User) -> None:
        with pytest.raises(InvalidInput) as caught:
            services.profile_update(member=member, industry="space_piracy")
        assert "industry" in caught.value.fields
        member.profile.refresh_from_db()
        assert member.profile.industry == "computer_software"

    def test_too_long_headline_is_refused(self, member: User) -> None:
        with pytest.raises(InvalidInput):
            services.profile_update(member=member, headline="x" * 221)

    def test_unknown_field_is_refused(self, member: User) -> None:
        with pytest.raises(InvalidInput) as caught:
            services.profile_update(member=member, email="x@example.com")
        assert "email" in caught.value.fields
        member.refresh_from_db()
        assert member.email != "x@example.com"


class TestPhoto:
    def test_sets_photo_and_schedules_thumbnail(
        self, member: User, django_capture_on_commit_callbacks
    ) -> None:
        with django_capture_on_commit_callbacks() as callbacks:
            services.profile_photo_set(member=member, upload=image_upload())
        member.profile.refresh_from_db()
        assert (member.profile.photo.name or "").startswith(f"photos/{member.pk}/")
        assert len(callbacks) == 2  # delete old files, enqueue the thumbnail

    @override_settings(PROFILE_PHOTO_MAX_BYTES=100)
    def test_too_large_photo_is_refused(self, member: User, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(InvalidInput):
            services.profile_photo_set(member=member, upload=image_upload())
        member.profile.refresh_from_db()
        assert not member.profile.photo
        assert callbacks == []

    def test_not_an_image_is_refused(self, member: User, django_capture_on_commit_callbacks):
        upload = SimpleUploadedFile("me.png", b"<html>not an image</html>", "image/png")
        with django_capture_on_commit_callbacks() as callbacks, pytest.raises(InvalidInput):
            services.profile_photo_set(member=member, upload=upload)
        member.profile.refresh_from_db()
        assert not member.profile.photo
        assert callbacks == []

    def test_unsupported_format_is_refused(self, member: User) -> None:
        with pytest.raises(InvalidInput):
            services.profile_photo_set(member=member, upload=image_upload("a.gif", fmt="GIF"))
        member.profile.refresh_from_db()
        assert not member.profile.photo

    def test_thumbnail_is_made_once(self, member: User) -> None:
        services.profile_photo_set(member=member, upload=image_upload(size=(400, 300)))
        assert services.profile_thumbnail_make(member_id=member.pk) is True
        member.profile.refresh_from_db()
        first = member.profile.photo_thumbnail.name
        with Image.open(member.profile.photo_thumbnail.path) as thumbnail:
            assert thumbnail.size == (200, 200)
        assert services.profile_thumbnail_make(member_id=member.pk) is False
        member.profile.refresh_from_db()
        assert member.profile.photo_thumbnail.name == first

    def test_thumbnail_without_photo_does_nothing(self, member: User) -> None:
        assert services.profile_thumbnail_make(member_id=member.pk) is False
        assert services.profile_thumbnail_make(member_id=999_999) is False

    def test_remove_photo(self, member: User) -> None:
        services.profile_photo_set(member=member, upload=image_upload())
        services.profile_photo_remove(member=member)
        member.profile.refresh_from_db()
        assert not member.profile.photo
        assert not member.profile.photo_thumbnail


class TestHistory:
    def test_position_lifecycle(self, member: User) -> None:
        today = timezone.now().date().replace(day=1)  # positions take a month and a year
        position = services.position_create(
            member=member, company="Acme", title="Engineer", start_date=today
        )
        assert position.is_current
        services.position_update(
            member=member, position_id=position.pk, title="Lead", end_date=today
        )
        position.refresh_from_db()
        assert position.title == "Lead"
        services.position_delete(member=member, position_id=position.pk)
        assert not Position.objects.filter(pk=position.pk).exists()

    def test_position_end_before_start_is_refused(self, member: User) -> None:
        month = timezone.now().date().replace(day=1)
        with pytest.raises(InvalidInput):
            services.position_create(
                member=member,
                company="Acme",
                title="Engineer",
                start_date=month,
                end_date=(month - timedelta(days=1)).replace(day=1),
            )
        assert not Position.objects.exists()

    def test_someone_elses_position_is_not_found(self, member: User, other: User) -> None:
        position = PositionFactory.create(member=other)
        with pytest.raises(NotFound):
            services.position_update(member=member, position_id=position.pk, title="Hacked")
        with pytest.raises(NotFound):
            services.position_delete(member=member, position_id=position.pk)
        position.refresh_from_db()
        assert position.title != "Hacked"

    def test_education_lifecycle_and_ownership(self, member: User, other: User) -> None:
        entry = services.education_create(
            member=member, school="Técnico", start_year=2010, end_year=2014
        )
        services.education_update(member=member, education_id=entry.pk, degree="MSc")
        entry.refresh_from_db()
        assert entry.degree == "MSc"
        with pytest.raises(InvalidInput):
            services.education_update(member=member, education_id=entry.pk, end_year=2000)
        foreign = EducationFactory.create(member=other)
        with pytest.raises(NotFound):
            services.education_update(member=member, education_id=foreign.pk, degree="X")
        with pytest.raises(NotFound):
            services.education_delete(member=member, education_id=foreign.pk)
        services.education_delete(member=member, education_id=entry.pk)
        assert list(Education.objects.values_list("pk", flat=True)) == [foreign.pk]


class TestSettingsAndLifecycle:
    def test_settings_update(self, member: User) -> None:
        services.member_settings_update(
            member=member, invitations_from="nobody", profile_visible_to_out_of_network=False
        )
        member.refresh_from_db()
        assert member.invitations_from == "nobody"
        assert member.profile_visible_to_out_of_network is False

    def test_invalid_setting_value_changes_nothing(self, member: User) -> None:
        with pytest.raises(InvalidInput):
            services.member_settings_update(member=member, invitations_from="martians")
        member.refresh_from_db()
        assert member.invitations_from == "everyone"

    def test_unknown_setting_is_refused(self, member: User) -> None:
        with pytest.raises(InvalidInput):
            services.member_settings_update(member=member, is_staff=True)
        member.refresh_from_db()
        assert member.is_staff is False

    def test_deactivate_and_reactivate(self, member: User) -> None:
        services.member_deactivate(member=member)
        member.refresh_from_db()
        assert member.is_deactivated
        first_time = member.deactivated_at
        services.member_deactivate(member=member)
        member.refresh_from_db()
        assert member.deactivated_at == first_time
        services.member_reactivate(member=member)
        member.refresh_from_db()
        assert not member.is_deactivated

    def test_delete_needs_the_password(self, member: User, other: User) -> None:
        with pytest.raises(WrongPassword):
            services.member_delete(member=member, password="wrong")
        assert User.objects.filter(pk=member.pk).exists()

    def test_delete_removes_everything_personal(
        self, member: User, other: User, password: str
    ) -> None:
        PositionFactory.create(member=member)
        EducationFactory.create(member=member)
        services.block_create(blocker=other, blocked_id=member.pk)
        services.profile_photo_set(member=member, upload=image_upload())
        services.member_delete(member=member, password=password)
        assert not User.objects.filter(pk=member.pk).exists()
        assert not Profile.objects.filter(member_id=member.pk).exists()
        assert not Position.objects.filter(member_id=member.pk).exists()
        assert not Education.objects.filter(member_id=member.pk).exists()
        assert not Block.objects.filter(blocked_id=member.pk).exists()
        assert User.objects.filter(pk=other.pk).exists()


class TestBlocks:
    def test_block_and_unblock(self, member: User, other: User) -> None:
        block = services.block_create(blocker=member, blocked_id=other.pk)
        assert block.in_force
        services.block_remove(blocker=member, blocked_id=other.pk)
        block.refresh_from_db()
        assert not block.in_force

    def test_cannot_block_self(self, member: User) -> None:
        with pytest.raises(SelfAction):
            services.block_create(blocker=member, blocked_id=member.pk)
        assert not Block.objects.exists()

    def test_cannot_block_missing_member(self, member: User) -> None:
        with pytest.raises(MemberNotFound):
            services.block_create(blocker=member, blocked_id=987_654)
        assert not Block.objects.exists()

    def test_cannot_block_twice(self, member: User, other: User) -> None:
        services.block_create(blocker=member, blocked_id=other.pk)
        with pytest.raises(AlreadyBlocked):
            services.block_create(blocker=member, blocked_id=other.pk)
        assert Block.objects.count() == 1

    def test_reblock_waits_48_hours(self, member: User, other: User) -> None:
        services.block_create(blocker=member, blocked_id=other.pk)
        services.block_remove(blocker=member, blocked_id=other.pk)
        with pytest.raises(ReblockTooSoon) as caught:
            services.block_create(blocker=member, blocked_id=other.pk)
        assert 0 < (caught.value.retry_after or 0) <= 48 * 3600 + 1
        assert not Block.objects.in_force().exists()
        Block.objects.update(unblocked_at=timezone.now() - timedelta(hours=48, seconds=1))
        block = services.block_create(blocker=member, blocked_id=other.pk)
        assert block.in_force
        assert Block.objects.count() == 1

    def test_both_directions_are_independent(self, member: User, other: User) -> None:
        services.block_create(blocker=member, blocked_id=other.pk)
        services.block_create(blocker=other, blocked_id=member.pk)
        assert Block.objects.in_force().count() == 2

    def test_unblock_without_block(self, member: User, other: User) -> None:
        with pytest.raises(NotBlocked):
            services.block_remove(blocker=member, blocked_id=other.pk)
        services.block_create(blocker=other, blocked_id=member.pk)
        with pytest.raises(NotBlocked):  # only the blocker can lift a block
            services.block_remove(blocker=member, blocked_id=other.pk)
        assert Block.objects.in_force().count() == 1


def test_user_factory_password_works(password: str) -> None:
    assert UserFactory.create().check_password(password)
