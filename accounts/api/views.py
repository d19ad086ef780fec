"""REST endpoints for auth, the own profile, settings, member profiles and blocks."""

from collections.abc import Callable
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import TokenRefreshSerializer
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import selectors, services
from accounts.api import serializers as s
from accounts.auth import current_member, member_tokens, suspension_detail
from accounts.exceptions import AccountSuspended, InvalidCredentials, LoginLocked
from accounts.models import Education, Position, User
from core.exceptions import InvalidInput
from core.throttling import ScopedWindowThrottle
from network.api.serializers import SkillEndorsementSerializer, skill_endorsements_data
from standing import services as standing_services


def _me(request: Request) -> User:
    member = current_member(request)
    return selectors.access_member(viewer=member, member_id=member.pk)


def valid_input(serializer_class: type, request: Request, **kwargs: Any) -> dict[str, Any]:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class AnonymousApi(APIView):
    """An endpoint for callers without an account or a token yet (register, log in): no
    authentication, anyone allowed, throttled by its `throttle_scope`."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []
    throttle_classes = [ScopedWindowThrottle]


class RegisterApi(AnonymousApi):
    throttle_scope = "register"

    @extend_schema(request=s.RegisterInputSerializer, responses={201: s.OwnProfileSerializer})
    def post(self, request: Request) -> Response:
        data = valid_input(s.RegisterInputSerializer, request)
        member = services.member_register(**data, request=request._request)
        member = selectors.access_member(viewer=member, member_id=member.pk)
        return Response(s.OwnProfileSerializer(member).data, status=status.HTTP_201_CREATED)


def member_by_password(request: Request, email: str, password: str) -> User:
    """Return the member this email and password name, once the password checked, even one who
    may not log in (the caller refuses them). The check goes through `authenticate`, so a wrong
    password counts towards the axes lockout as at any log-in.

    Raises LoginLocked, InvalidCredentials.
    """
    credentials = {"email": email.strip().lower()}
    retry_after = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if AxesProxyHandler.is_locked(request, credentials):
        raise LoginLocked(retry_after=retry_after)
    member = authenticate(request, email=credentials["email"], password=password)
    if isinstance(member, User):
        return member
    if AxesProxyHandler.is_locked(request, credentials):
        raise LoginLocked(retry_after=retry_after)
    refused = User.objects.filter(email__iexact=credentials["email"]).first()
    if refused is not None and not refused.login_allowed and refused.check_password(password):
        return refused
    raise InvalidCredentials()


class TokenObtainApi(AnonymousApi):
    """Exchange email and password for an access and a refresh token (lockout by axes)."""

    throttle_scope = "login"

    @extend_schema(request=s.TokenInputSerializer, responses={200: s.TokenPairSerializer})
    def post(self, request: Request) -> Response:
        data = valid_input(s.TokenInputSerializer, request)
        member = member_by_password(request, data["email"], data["password"])
        if not member.login_allowed:
            raise AccountSuspended(suspension_detail(member))
        services.member_reactivate(member=member)
        refresh = member_tokens(member)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class SuspensionAppealApi(AnonymousApi):
    """A suspended member appeals the suspension, proving it is them by the password (they
    cannot log in for a token); the one appeal of `standing.services.appeal_create`."""

    throttle_scope = "login"

    @extend_schema(
        request=s.SuspensionAppealInputSerializer,
        responses={201: s.SuspensionAppealSerializer},
        description="409 `not_suspended` for a member with no suspension in force, 409 "
        "`appeal_exists` for a second appeal, 401 `invalid_credentials` for a wrong password "
        "(counted by the lockout), 429 `login_locked`.",
    )
    def post(self, request: Request) -> Response:
        data = valid_input(s.SuspensionAppealInputSerializer, request)
        member = member_by_password(request, data["email"], data["password"])
        appeal = standing_services.suspension_appeal_create(member=member, text=data["text"])
        body = s.SuspensionAppealSerializer(appeal).data
        return Response(body, status=status.HTTP_201_CREATED)


class TokenRefreshApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(request=s.RefreshInputSerializer, responses={200: s.TokenPairSerializer})
    def post(self, request: Request) -> Response:
        serializer = TokenRefreshSerializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except (TokenError, User.DoesNotExist) as error:
            raise InvalidCredentials("The refresh token is invalid or expired.") from error
        return Response(serializer.validated_data)


class LogoutApi(APIView):
    """Revoke a refresh token (and end the browser session, if any)."""

    permission_classes = [AllowAny]

    @extend_schema(request=s.RefreshInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = valid_input(s.RefreshInputSerializer, request)
        try:
            RefreshToken(data["refresh"]).blacklist()
        except TokenError as error:
            raise InvalidCredentials("The refresh token is invalid or expired.") from error
        return Response(status=status.HTTP_204_NO_CONTENT)


def _own_profile(request: Request) -> dict[str, Any]:
    member = _me(request)
    body = dict(s.OwnProfileSerializer(member).data)
    body["skill_endorsements"] = skill_endorsements_data(member, member)
    return body


class OwnProfileWithEndorsementsSerializer(s.OwnProfileSerializer):
    skill_endorsements = SkillEndorsementSerializer(many=True, read_only=True)


class MeApi(APIView):
    @extend_schema(responses={200: OwnProfileWithEndorsementsSerializer})
    def get(self, request: Request) -> Response:
        return Response(_own_profile(request))

    @extend_schema(
        request=s.OwnProfileSerializer, responses={200: OwnProfileWithEndorsementsSerializer}
    )
    def patch(self, request: Request) -> Response:
        serializer = s.ProfileUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        services.profile_update(member=current_member(request), **serializer.validated_data)
        return Response(_own_profile(request))


class MePhotoApi(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=s.PhotoInputSerializer, responses={200: s.OwnProfileSerializer})
    def put(self, request: Request) -> Response:
        upload = request.FILES.get("photo")
        if upload is None:
            raise InvalidInput({"photo": ["Choose an image to upload."]})
        services.profile_photo_set(member=current_member(request), upload=upload)
        return Response(s.OwnProfileSerializer(_me(request)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request) -> Response:
        services.profile_photo_remove(member=current_member(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


def _history_entry_apis(
    serializer: type[s.PositionSerializer] | type[s.EducationSerializer],
    *,
    entries: Callable[[User], Any],
    create: Callable[..., Any],
    update: Callable[..., Any],
    delete: Callable[..., None],
    id_name: str,
) -> tuple[type[APIView], type[APIView]]:
    """Build the list and detail endpoints of one kind of history entry (positions, schools):
    the two kinds differ only in their serializer, their services and their id's name."""

    class ListApi(APIView):
        @extend_schema(responses={200: serializer(many=True)})
        def get(self, request: Request) -> Response:
            return Response(serializer(entries(current_member(request)), many=True).data)

        @extend_schema(request=serializer, responses={201: serializer})
        def post(self, request: Request) -> Response:
            data = valid_input(serializer, request)
            entry = create(member=current_member(request), **data)
            return Response(serializer(entry).data, status=status.HTTP_201_CREATED)

    class DetailApi(APIView):
        @extend_schema(request=serializer, responses={200: serializer})
        def patch(self, request: Request, **ids: int) -> Response:
            data = valid_input(serializer, request, partial=True)
            entry = update(member=current_member(request), **ids, **data)
            return Response(serializer(entry).data)

        @extend_schema(responses={204: None})
        def delete(self, request: Request, **ids: int) -> Response:
            delete(member=current_member(request), **{id_name: ids[id_name]})
            return Response(status=status.HTTP_204_NO_CONTENT)

    kind = serializer.Meta.model.__name__
    for view, suffix in ((ListApi, "ListApi"), (DetailApi, "DetailApi")):
        view.__name__ = view.__qualname__ = f"{kind}{suffix}"
    return ListApi, DetailApi


PositionListApi, PositionDetailApi = _history_entry_apis(
    s.PositionSerializer,
    entries=lambda member: Position.objects.filter(member=member),
    create=services.position_create,
    update=services.position_update,
    delete=services.position_delete,
    id_name="position_id",
)
EducationListApi, EducationDetailApi = _history_entry_apis(
    s.EducationSerializer,
    entries=lambda member: Education.objects.filter(member=member),
    create=services.education_create,
    update=services.education_update,
    delete=services.education_delete,
    id_name="education_id",
)


class MeSettingsApi(APIView):
    @extend_schema(responses={200: s.SettingsSerializer})
    def get(self, request: Request) -> Response:
        return Response(s.SettingsSerializer(current_member(request)).data)

    @extend_schema(request=s.SettingsSerializer, responses={200: s.SettingsSerializer})
    def patch(self, request: Request) -> Response:
        data = valid_input(s.SettingsSerializer, request, partial=True)
        member = services.member_settings_update(member=current_member(request), **data)
        return Response(s.SettingsSerializer(member).data)


class MeDeactivateApi(APIView):
    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        services.member_deactivate(member=current_member(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeDeleteApi(APIView):
    @extend_schema(request=s.DeleteAccountInputSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        data = valid_input(s.DeleteAccountInputSerializer, request)
        services.member_delete(member=current_member(request), password=data["password"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class BlockDetailApi(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, member_id: int) -> Response:
        services.block_remove(blocker=current_member(request), blocked_id=member_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class EmailConfirmApi(APIView):
    """Confirm the email address with the key from the confirmation email's link."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        request=s.EmailConfirmInputSerializer,
        responses={200: s.EmailConfirmedSerializer},
    )
    def post(self, request: Request) -> Response:
        data = valid_input(s.EmailConfirmInputSerializer, request)
        address = services.email_confirm(key=data["key"])
        return Response({"email": address.email, "verified": True})


class EmailResendApi(APIView):
    """Send the confirmation email again (EMAIL_RESEND_RATE; 429 with Retry-After past it)."""

    @extend_schema(request=None, responses={202: None})
    def post(self, request: Request) -> Response:
        services.email_confirmation_resend(member=current_member(request), request=request._request)
        return Response(status=status.HTTP_202_ACCEPTED)
