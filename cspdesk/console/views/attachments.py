"""Attachments are always downloads: never rendered by the browser, whatever their type claims."""

from django.http import FileResponse, Http404, HttpRequest

from cspdesk.console.access import agent_required
from cspdesk.console.reads import attachment_for_user
from cspdesk.core.downloads import download_response


@agent_required
def download(request: HttpRequest, attachment_id: int) -> FileResponse:
    attachment = attachment_for_user(request.user, attachment_id)
    if attachment is None:
        raise Http404
    return download_response(attachment.file, attachment.filename)
