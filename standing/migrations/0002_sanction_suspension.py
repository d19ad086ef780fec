"""Suspensions become sanctions (appealable, lifted like the others); each member suspended
before this migration gets the suspension sanction they would have had."""

from typing import Any

from django.db import migrations, models


def suspensions_as_sanctions(apps: Any, schema_editor: Any) -> None:
    User = apps.get_model("accounts", "User")
    Sanction = apps.get_model("standing", "Sanction")
    Sanction.objects.bulk_create(
        Sanction(
            member_id=member.pk,
            kind="suspension",
            actions=[],
            reason=(member.suspension_reason or "Breaking the community rules.")[:1000],
            created_at=member.suspended_at,
        )
        for member in User.objects.filter(suspended_at__isnull=False).only(
            "pk", "suspended_at", "suspension_reason"
        )
    )


def sanctions_back(apps: Any, schema_editor: Any) -> None:
    apps.get_model("standing", "Sanction").objects.filter(kind="suspension").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_safety_sessions"),
        ("standing", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sanction",
            name="kind",
            field=models.CharField(
                choices=[
                    ("warning", "Warning"),
                    ("restriction", "Restriction"),
                    ("suspension", "Suspension"),
                ],
                max_length=12,
            ),
        ),
        migrations.RemoveConstraint(
            model_name="sanction", name="standing_sanction_restriction_has_actions"
        ),
        migrations.AddConstraint(
            model_name="sanction",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("kind", "restriction"), _negated=True),
                    models.Q(("actions", []), _negated=True),
                    _connector="OR",
                ),
                name="standing_sanction_restriction_has_actions",
            ),
        ),
        migrations.RunPython(suspensions_as_sanctions, sanctions_back),
    ]
