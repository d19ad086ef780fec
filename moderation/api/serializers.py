"""Input and output shapes of the trust and safety API (API.md "Trust and safety")."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from moderation.models import Action, Case, CaseStatus, LogEntry, Report, ReportReason, TargetType
from standing.models import Appeal, AppealStatus, RestrictedAction, Sanction


class ReportInputSerializer(serializers.Serializer):
    target_type = serializers.ChoiceField(choices=TargetType.choices)
    target_id = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    # The length rule is the service's (REPORT_DETAIL_MAX_LENGTH, read at call time).
    detail = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False
    )


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = [
            "id",
            "target_type",
            "target_id",
            "reason",
            "detail",
            "status",
            "created_at",
            "resolved_at",
        ]


class AppealBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = ["id", "status"]


class SanctionSerializer(serializers.ModelSerializer):
    until = serializers.DateTimeField(source="ends_at", allow_null=True)
    appeal = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()
    actions = serializers.ListField(child=serializers.ChoiceField(choices=RestrictedAction.choices))

    class Meta:
        model = Sanction
        fields = [
            "id",
            "kind",
            "actions",
            "reason",
            "until",
            "automatic",
            "appeal",
            "in_force",
            "created_at",
            "lifted_at",
        ]

    @extend_schema_field(AppealBriefSerializer(allow_null=True))
    def get_appeal(self, sanction: Sanction) -> dict[str, Any] | None:
        appeal = getattr(sanction, "appeal", None)
        return AppealBriefSerializer(appeal).data if appeal is not None else None

    def get_in_force(self, sanction: Sanction) -> bool:
        if sanction.kind == "restriction":
            return sanction.is_in_force()
        return sanction.lifted_at is None


class StandingSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["good", "restricted", "suspended"])
    sanctions = SanctionSerializer(many=True)


class AppealInputSerializer(serializers.Serializer):
    sanction = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    text = serializers.CharField(max_length=10_000)


class AppealSerializer(serializers.ModelSerializer):
    sanction = serializers.PrimaryKeyRelatedField[Any](read_only=True)

    class Meta:
        model = Appeal
        fields = ["id", "sanction", "text", "status", "created_at", "decided_at", "note"]


class CaseQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices, default=CaseStatus.OPEN)


class CaseReportSerializer(serializers.ModelSerializer):
    reporter = serializers.PrimaryKeyRelatedField[Any](read_only=True)

    class Meta:
        model = Report
        fields = ["id", "reporter", "reason", "detail", "created_at"]


class CaseSerializer(serializers.ModelSerializer):
    reasons = serializers.SerializerMethodField()
    reports = CaseReportSerializer(many=True, read_only=True)
    subject = serializers.PrimaryKeyRelatedField[Any](read_only=True)
    earlier_sanctions = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "target_type",
            "target_id",
            "reasons",
            "reporters_count",
            "first_reported_at",
            "automatic",
            "status",
            "subject",
            "snapshot",
            "reports",
            "earlier_sanctions",
            "action",
            "resolved_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_reasons(self, case: Case) -> list[str]:
        return sorted({report.reason for report in case.reports.all()})

    @extend_schema_field(SanctionSerializer(many=True))
    def get_earlier_sanctions(self, case: Case) -> list[dict[str, Any]]:
        sanctions = self.context.get("sanctions", {}).get(case.subject_id, [])
        return list(SanctionSerializer(sanctions, many=True).data)


class ResolveInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=Action.choices)
    actions = serializers.ListField(
        child=serializers.ChoiceField(choices=RestrictedAction.choices),
        required=False,
        max_length=3,
    )
    until = serializers.DateTimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ModeratorAppealSerializer(serializers.ModelSerializer):
    sanction = SanctionSerializer(read_only=True)
    member = serializers.IntegerField(source="sanction.member_id", read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "member",
            "sanction",
            "text",
            "status",
            "created_at",
            "decided_at",
            "decided_by",
            "note",
        ]


class AppealQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=AppealStatus.choices, default=AppealStatus.PENDING)


class DecideInputSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[AppealStatus.UPHELD, AppealStatus.LIFTED])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class LogEntrySerializer(serializers.ModelSerializer):
    moderator = serializers.PrimaryKeyRelatedField[Any](read_only=True, allow_null=True)
    member = serializers.PrimaryKeyRelatedField[Any](read_only=True, allow_null=True)
    case = serializers.PrimaryKeyRelatedField[Any](read_only=True, allow_null=True)

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "created_at",
            "moderator",
            "action",
            "member",
            "case",
            "sanction_id",
            "note",
            "details",
        ]
