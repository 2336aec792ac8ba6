from django.db.models import QuerySet

from cspdesk.catalog.models import RequestType


def request_types_active() -> QuerySet[RequestType]:
    return RequestType.objects.filter(is_active=True).prefetch_related("checklist")


def request_type_by_code(code: str) -> RequestType | None:
    return RequestType.objects.filter(code=code, is_active=True).first()


def canned_replies_for(request_type, language: str):
    """The macros offered on a ticket: its request type's and the general ones, its language first."""
    from django.db.models import Case, IntegerField, Q, Value, When

    from cspdesk.catalog.models import CannedReply

    return (
        CannedReply.objects.filter(is_active=True)
        .filter(Q(request_type__isnull=True) | Q(request_type=request_type))
        .annotate(
            other_language=Case(
                When(language=language, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("other_language", "request_type_id", "position", "id")
    )


def checklist_item_labels(codes) -> dict[str, tuple[str, bool]]:
    """The checklist items' labels in the active language by code, and whether each holds a typed value
    (rather than a confirmation): what the history shows instead of the codes it stored."""
    from cspdesk.catalog.models import ChecklistItem

    codes = set(codes)
    if not codes:
        return {}
    return {
        item.code: (item.text("label"), item.kind == ChecklistItem.Kind.VALUE)
        for item in ChecklistItem.objects.filter(code__in=codes).order_by("-pk")
    }
