"""REST endpoints of trust and safety: reporting, one's standing and appeals, and the
moderators' queue, appeals and audit log (staff only: 403 `not_staff`)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api.views import valid_input
from accounts.auth import current_member
from connections.api.views import valid_query
from moderation import selectors, services
from moderation.api import serializers as s
from moderation.models import Case, LogEntry, Report
from standing import services as standing_services
from standing.models import Appeal
from standing.selectors import standing_for


class ReportCreateApi(APIView):
    @extend_schema(
        request=s.ReportInputSerializer,
        responses={
            201: s.ReportSerializer,
            200: OpenApiResponse(s.ReportSerializer, description="You had already reported it."),
        },
    )
    def post(self, request: Request) -> Response:
        data = valid_input(s.ReportInputSerializer, request)
        report, created = services.report_create(reporter=current_member(request), **data)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(s.ReportSerializer(report).data, status=code)


class MyReportListApi(generics.ListAPIView):
    serializer_class = s.ReportSerializer

    def get_queryset(self) -> QuerySet[Report]:
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        return selectors.reports_of(current_member(self.request))


class MyStandingApi(APIView):
    @extend_schema(responses={200: s.StandingSerializer})
    def get(self, request: Request) -> Response:
        return Response(s.StandingSerializer(standing_for(current_member(request))).data)


class MyAppealCreateApi(APIView):
    @extend_schema(request=s.AppealInputSerializer, responses={201: s.AppealSerializer})
    def post(self, request: Request) -> Response:
        data = valid_input(s.AppealInputSerializer, request)
        appeal = standing_services.appeal_create(
            member=current_member(request), sanction_id=data["sanction"], text=data["text"]
        )
        return Response(s.AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)


class StaffListApi(generics.ListAPIView):
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.require_staff(current_member(request))
        return super().list(request, *args, **kwargs)


@extend_schema(parameters=[s.CaseQuerySerializer])
class CaseListApi(StaffListApi):
    serializer_class = s.CaseSerializer

    def get_queryset(self) -> QuerySet[Case]:
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        query = valid_query(s.CaseQuerySerializer, self.request)
        return selectors.case_queue(status=query["status"])

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "sanctions": getattr(self, "_sanctions", {})}

    def paginate_queryset(self, queryset: QuerySet[Case]) -> list[Case] | None:  # type: ignore[override]
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._sanctions = selectors.earlier_sanctions([case.subject_id for case in page])
        return page


class CaseResolveApi(APIView):
    @extend_schema(request=s.ResolveInputSerializer, responses={200: s.CaseSerializer})
    def post(self, request: Request, case_id: int) -> Response:
        moderator = current_member(request)
        services.require_staff(moderator)
        data = valid_input(s.ResolveInputSerializer, request)
        case = services.case_resolve(moderator=moderator, case_id=case_id, **data)
        case = selectors.case_detail(case.pk)
        context = {"sanctions": selectors.earlier_sanctions([case.subject_id])}
        return Response(s.CaseSerializer(case, context=context).data)


@extend_schema(parameters=[s.AppealQuerySerializer])
class ModeratorAppealListApi(StaffListApi):
    serializer_class = s.ModeratorAppealSerializer

    def get_queryset(self) -> QuerySet[Appeal]:
        if getattr(self, "swagger_fake_view", False):
            return Appeal.objects.none()
        query = valid_query(s.AppealQuerySerializer, self.request)
        return selectors.appeal_queue(status=query["status"])


class AppealDecideApi(APIView):
    @extend_schema(request=s.DecideInputSerializer, responses={200: s.ModeratorAppealSerializer})
    def post(self, request: Request, appeal_id: int) -> Response:
        moderator = current_member(request)
        services.require_staff(moderator)
        data = valid_input(s.DecideInputSerializer, request)
        appeal = services.appeal_decide(moderator=moderator, appeal_id=appeal_id, **data)
        return Response(s.ModeratorAppealSerializer(appeal).data)


class AuditLogApi(StaffListApi):
    serializer_class = s.LogEntrySerializer

    def get_queryset(self) -> QuerySet[LogEntry]:
        if getattr(self, "swagger_fake_view", False):
            return LogEntry.objects.none()
        return selectors.audit_log()
