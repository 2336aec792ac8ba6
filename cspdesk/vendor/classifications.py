"""Azure support services and their problem classifications (contract §6.9), cached for the escalation
form: a sync replaces the lists; the form falls back to the configured defaults while they are empty."""

from django.db import transaction

from cspdesk.core import clock
from cspdesk.vendor.models import AzureProblemClassification, AzureSupportService


def _display(item: dict) -> str:
    properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
    return str(properties.get("displayName") or item.get("name") or "")[:300]


@transaction.atomic
def azure_classifications_apply(*, services: list[tuple[dict, list[dict]]]) -> tuple[int, int]:
    """``services``: (service, its classifications) as Microsoft lists them. Entries without an id are
    skipped; those Microsoft no longer lists are removed. Returns (services, classifications) kept."""
    now = clock.now()
    kept_services, kept_classes = [], []
    for service_item, classification_items in services:
        service_id = str(service_item.get("id") or "").strip()[:300]
        if not service_id:
            continue
        service, _created = AzureSupportService.objects.update_or_create(
            resource_id=service_id,
            defaults={"display_name": _display(service_item) or service_id, "last_sync_at": now},
        )
        kept_services.append(service_id)
        for item in classification_items:
            class_id = str(item.get("id") or "").strip()[:400]
            if not class_id:
                continue
            AzureProblemClassification.objects.update_or_create(
                resource_id=class_id,
                defaults={"service": service, "display_name": _display(item) or class_id},
            )
            kept_classes.append(class_id)
    AzureProblemClassification.objects.exclude(resource_id__in=kept_classes).delete()
    AzureSupportService.objects.exclude(resource_id__in=kept_services).delete()
    return len(kept_services), len(kept_classes)


def azure_classification_choices() -> list[tuple[str, str]]:
    """(classification id, "Service / classification") for the form, in name order."""
    return [
        (c.resource_id, f"{c.service.display_name} / {c.display_name}")
        for c in AzureProblemClassification.objects.select_related("service").order_by(
            "service__display_name", "display_name", "id"
        )
    ]


def azure_service_of(classification_id: str) -> str | None:
    """The service id a cached classification belongs to, or None when it is not in the cache."""
    return (
        AzureProblemClassification.objects.filter(resource_id=classification_id)
        .values_list("service__resource_id", flat=True)
        .first()
    )
