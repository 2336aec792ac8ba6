"""Deep HTML stored before the intake bounded it (issue 12, item 5) is shown as text, never handed to the
sanitiser whose time grows with elements times depth."""

import time

import pytest
from django.urls import reverse

from cspdesk.tickets.models import Message

pytestmark = pytest.mark.django_db
DEEP = 60_000
LIMIT_SECONDS = 5


def _nested(depth: int, inner: str) -> str:
    return "<div>" * depth + inner + "</div>" * depth


def test_deep_html_stored_before_the_bounds_is_shown_as_text_quickly(console, open_ticket):
    """A row written before the intake bounded HTML: the console does not give it to the sanitiser."""
    ticket = open_ticket()
    Message.objects.filter(ticket=ticket).update(body_html=_nested(DEEP, "<script>x()</script>Outlook"))
    started = time.monotonic()
    page = console.get(reverse("console:ticket", args=[ticket.number])).content.decode()
    assert time.monotonic() - started < LIMIT_SECONDS
    assert "Outlook" in page and "x()" not in page and "<div><div><div>" not in page
