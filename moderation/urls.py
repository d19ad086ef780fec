from django.urls import path

from moderation import views
from moderation.models import TargetType

app_name = "moderation"

urlpatterns = [
    path("report/<str:target_type>/<id:target_id>/", views.report_create, name="report"),
    *[
        path(
            f"report/{kind}/<id:target_id>/",
            views.report_create,
            {"target_type": kind},
            name=f"report_{kind}",
        )
        for kind in TargetType.values
    ],
    path("reports/<id:report_id>/", views.report_detail, name="report_detail"),
    path("standing/", views.standing, name="standing"),
    path("standing/<id:sanction_id>/appeal", views.appeal_create, name="appeal"),
    path("accounts/suspended/", views.suspended, name="suspended"),
]
