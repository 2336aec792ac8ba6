"""Reading the console's form fields. PostgreSQL cannot store or compare a NUL character, so it never
reaches a query or a row: it is dropped as the value is read (a browser never sends one; a crafted request
gets the same treatment as any other bad input, never a 500)."""

from django.http import QueryDict


def text(data: QueryDict, name: str, default: str = "") -> str:
    value = data.get(name, default)
    return value.replace("\x00", "") if isinstance(value, str) else default
