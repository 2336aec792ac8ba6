"""Formatting the console's templates share: lengths of time in the reader's language."""

from django import template

from cspdesk.console import presenters

register = template.Library()


@register.filter
def minutes(value) -> str:
    """``{{ entry.minutes|minutes }}``: 90 → "1 h 30 min" ("1 ч 30 мин" in Russian)."""
    try:
        return presenters.duration(int(value) * 60)
    except (TypeError, ValueError):
        return "—"


@register.filter
def health_status(value: str) -> str:
    """Microsoft's service health status (``serviceDegradation``) in the reader's language."""
    return presenters.ms_health_status(value)
