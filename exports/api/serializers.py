"""Output shapes of the Download your data API."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from exports.models import DataExport


class DataExportSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DataExport
        fields = ["id", "status", "download_url", "expires_at", "created_at", "size_bytes"]

    @extend_schema_field(serializers.ChoiceField(choices=["pending", "ready", "expired"]))
    def get_status(self, export: DataExport) -> str:
        return export.shown_status

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download_url(self, export: DataExport) -> str | None:
        if not export.is_downloadable():
            return None
        path = reverse("api:me-export-download", args=[export.pk])
        request: Any = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class DataExportStartedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["pending"])
