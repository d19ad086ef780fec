"""The Download your data page in settings: ask for an archive, see its state, download it."""

import posixpath

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.static import serve

from accounts.auth import current_member
from core.exceptions import DomainError
from exports import selectors, services
from exports.models import DataExport

PRIVATE_FOLDER = "exports/"


def media(request: HttpRequest, path: str) -> HttpResponseBase:
    """Serve uploaded media, never the archives' folder: the path is normalized first (as
    `serve` does), so `x/../exports/...` is refused too."""
    if posixpath.normpath(path).lstrip("/").startswith(PRIVATE_FOLDER):
        raise Http404
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def archive_response(export: DataExport) -> FileResponse:
    """Stream the archive from storage as a download (never through a public media URL)."""
    response = FileResponse(
        default_storage.open(export.file_name, "rb"),
        as_attachment=True,
        filename=f"proconnect-data-{export.created_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    export = selectors.latest_export_for(current_member(request))
    context = {"export": export, "link_days": settings.DATA_EXPORT_LINK_DAYS}
    return render(request, "exports/export.html", context)


@login_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    try:
        services.data_export_request(member=current_member(request))
    except DomainError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, "Your archive is being built. We will tell you when it is ready.")
    return redirect("exports:page")


@login_required
@require_GET
def export_download(request: HttpRequest, export_id: int) -> HttpResponseBase:
    try:
        export = selectors.access_export_file(member=current_member(request), export_id=export_id)
    except DomainError as error:
        raise Http404(error.detail) from error
    return archive_response(export)
