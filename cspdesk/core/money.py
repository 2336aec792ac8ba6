"""Amounts of money as a reader of each language expects them, one format everywhere: Russian
"96 000,00 ₽" (a no-break space between thousands, a comma before kopecks, the sign after),
English "RUB 96,000.00" (the ISO code first). Pure: the language is passed in."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

SIGNS = {"RUB": "₽", "USD": "$", "EUR": "€"}
NBSP = "\u00a0"


def money_format(amount, currency: str, language: str) -> str:
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return str(amount)
    if not value.is_finite():  # NaN survives quantize, then fails the comparison below
        return str(amount)
    currency = (currency or "").upper()
    sign = "-" if value < 0 else ""
    whole, _, cents = f"{abs(value):.2f}".partition(".")
    groups = _groups(whole)
    if language.startswith("ru"):
        return f"{sign}{NBSP.join(groups)},{cents}{NBSP}{SIGNS.get(currency, currency)}".rstrip()
    return f"{currency}{NBSP}{sign}{','.join(groups)}.{cents}".lstrip(NBSP)


def _groups(digits: str) -> list[str]:
    head = len(digits) % 3 or 3
    return [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
