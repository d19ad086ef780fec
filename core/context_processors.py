"""Template context every page and fragment shares."""

from django.http import HttpRequest


def page_path(request: HttpRequest) -> dict[str, str]:
    """`page_path`: the path of the page the member is on, for a form's `next`.

    For a whole page it is the request's own path. A fragment htmx fetched or posted is drawn
    into a page at another address (a post's reactions redrawn after `POST /posts/7/react`):
    its forms must send the member back to that page, which htmx names in `HX-Current-URL`
    (django-htmx reads it, same origin only), not to the fragment's address, which may answer
    only POST."""
    htmx = getattr(request, "htmx", None)
    current = htmx.current_url_abs_path if htmx else None
    return {"page_path": current or request.get_full_path()}
