"""REST endpoints of Download your data (API.md "Your data")."""

from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.auth import current_member
from core.schema import ErrorSerializer
from exports import selectors, services
from exports.api import serializers as s
from exports.exceptions import ExportNotFound
from exports.views import archive_response


class MeExportApi(APIView):
    @extend_schema(
        responses={
            200: s.DataExportSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No export was ever requested."),
        }
    )
    def get(self, request: Request) -> Response:
        """The latest export: pending, ready (with its download URL) or expired."""
        export = selectors.latest_export_for(current_member(request))
        if export is None:
            raise ExportNotFound("You have not asked for an export yet.")
        return Response(s.DataExportSerializer(export, context={"request": request}).data)

    @extend_schema(request=None, responses={202: s.DataExportStartedSerializer})
    def post(self, request: Request) -> Response:
        """Start building an archive; 409 export_in_progress while one is being built."""
        export = services.data_export_request(member=current_member(request))
        return Response({"id": export.pk, "status": "pending"}, status=status.HTTP_202_ACCEPTED)


class MeExportDownloadApi(APIView):
    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, export_id: int) -> HttpResponseBase:
        """The archive (a ZIP), for its member alone; 404 to anyone else and once expired."""
        export = selectors.access_export_file(member=current_member(request), export_id=export_id)
        return archive_response(export)
