from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("settings/data/", views.export_page, name="page"),
    path("settings/data/export", views.export_request, name="request"),
    path("settings/data/<id:export_id>/download", views.export_download, name="download"),
]
