from django.db.models import QuerySet

from cspdesk.catalog.models import RequestType


def request_types_active() -> QuerySet[RequestType]:
    return RequestType.objects.filter(is_active=True).prefetch_related("checklist")


def request_type_by_code(code: str) -> RequestType | None:
    return RequestType.objects.filter(code=code, is_active=True).first()
