"""Formatting the portal's templates share: amounts of money in the reader's language (core/money.py)."""

from django import template
from django.utils.translation import get_language

from cspdesk.core.money import money_format

register = template.Library()


@register.simple_tag
def money(amount, currency: str) -> str:
    """``{% money estimate.amount estimate.currency %}``: "96 000,00 ₽" in Russian, "RUB 96,000.00" in
    English."""
    return money_format(amount, currency, get_language() or "ru")
