"""Formatting the console's templates share: lengths of time and amounts of money in the reader's
language."""

from django import template
from django.utils.translation import get_language

from cspdesk.console import presenters
from cspdesk.core.money import money_format

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


@register.simple_tag
def money(amount, currency: str) -> str:
    """``{% money e.amount e.currency %}``: the portal's format, one per language (core/money.py)."""
    return money_format(amount, currency, get_language() or "ru")
