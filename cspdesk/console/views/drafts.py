"""The ticket page's autosave: the agent's unsent reply or note, kept on the server as they type
(``console.js`` posts it a second after the last key, and before any other form on the page is sent)."""

from django.http import HttpRequest, JsonResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cspdesk.console.access import agent_required
from cspdesk.console.forms import text
from cspdesk.console.services import draft_save
from cspdesk.console.views.ticket import ticket_or_404
from cspdesk.core.errors import ApplicationError


def draft_saved_label(draft) -> str:
    """ "Draft saved 09:41", in the agent's time zone; "" when there is no draft."""
    if draft is None:
        return ""
    at = formats.time_format(timezone.localtime(draft.updated_at), "H:i")
    return _("Draft saved %(time)s") % {"time": at}


@require_POST
@agent_required
def draft(request: HttpRequest, ref: str) -> JsonResponse:
    ticket = ticket_or_404(request, ref)  # the group limit holds for drafts too
    try:
        saved = draft_save(
            user=request.user, ticket=ticket, kind=text(request.POST, "kind"), body=text(request.POST, "body")
        )
    except ApplicationError as error:
        return JsonResponse(
            {"code": error.code, "message": str(error.message), "field": error.field}, status=error.status
        )
    return JsonResponse({"saved": saved is not None, "label": draft_saved_label(saved)})
