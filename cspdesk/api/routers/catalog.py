from django.http import HttpRequest
from ninja import Router

from cspdesk.api.errors import answers
from cspdesk.api.schemas.catalog import RequestTypeOut
from cspdesk.catalog.selectors import request_types_active

router = Router(tags=["request catalog"])


@router.get(
    "",
    response=answers({200: list[RequestTypeOut]}, 401),
    summary="The request catalog with scopes and checklists",
)
def request_types(request: HttpRequest):
    return [
        {
            **{f: getattr(rt, f) for f in ("code", "name_ru", "name_en", "description_ru", "description_en")},
            **{f: getattr(rt, f) for f in ("category", "scope", "product")},
            "typical": rt.is_typical,
            "checklist": [
                {
                    "code": i.code,
                    "kind": i.kind,
                    "label_ru": i.label_ru,
                    "label_en": i.label_en,
                    "required": i.is_required,
                }
                for i in rt.checklist.all()
            ],
        }
        for rt in request_types_active()
    ]
