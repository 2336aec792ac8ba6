from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router

from cspdesk.api.errors import answers
from cspdesk.api.schemas.triage import SuggestIn, SuggestOut
from cspdesk.api.triage_presenters import identification_dict
from cspdesk.core.error_codes import CommonErrorCode
from cspdesk.core.errors import Forbidden
from cspdesk.triage.services import triage_preview

router = Router(tags=["triage"])


@router.post(
    "/suggest",
    response=answers({200: SuggestOut}, 400, 401, 403, 413, 422),
    summary="Suggest request type and impact for a text",
)
def suggest_view(request: HttpRequest, payload: SuggestIn):
    """The same suggestion a new ticket gets: the catalog code, the impact, a confidence and the phrases
    that led there. With `from`, agents also get who the sender is (the identification)."""
    if payload.sender and not request.user.is_agent:
        raise Forbidden(CommonErrorCode.AGENTS_ONLY, _("Only agents can look up a sender."), field="from")
    suggestion, identification = triage_preview(
        subject=payload.subject, body=payload.body, sender=payload.sender or ""
    )
    return {
        "request_type": suggestion.request_type,
        "impact": suggestion.impact,
        "confidence": suggestion.confidence,
        "reasons": [{"target": r.target, "phrase": r.phrase, "weight": r.weight} for r in suggestion.reasons],
        "identification": identification_dict(identification) if identification else None,
    }
