"""Attachments are always downloads: never rendered by the browser, whatever their type claims."""

from django.http import FileResponse, Http404, HttpRequest

from cspdesk.console.access import agent_required
from cspdesk.console.reads import attachment_for_user


@agent_required
def download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = attachment_for_user(request.user, attachment_id)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.filename, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
