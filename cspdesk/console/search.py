"""Ticket search for agents: the number in any common form (CSP-000123, CSP-123, #123, 123) names one
ticket; anything else is looked for in subjects, message texts, the requester and the tenant's domains."""

import re

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet

from cspdesk.accounts.models import TenantDomain
from cspdesk.tickets.models import Message, Ticket
from cspdesk.tickets.numbering import format_number
from cspdesk.tickets.selectors import tickets_visible_to

SEARCH_MAX_LENGTH = 200


def _number_pattern() -> re.Pattern:
    prefix = re.escape(settings.CSPDESK["TICKET_NUMBER_PREFIX"])
    return re.compile(rf"^\s*(?:\[?{prefix}-?|#)?0*(\d{{1,12}})\]?\s*$", re.IGNORECASE | re.ASCII)


def number_match(user, query: str) -> str | None:
    """The number of the ticket the query names, if the user may see it."""
    match = _number_pattern().match(query)
    if not match:
        return None
    number = format_number(int(match.group(1)))
    return tickets_visible_to(user).filter(number=number).values_list("number", flat=True).first()


def tickets_search(user, query: str) -> QuerySet[Ticket]:
    tickets = tickets_visible_to(user).select_related("requester", "customer", "partner", "assignee")
    if not query:
        return tickets.none()
    text = Message.objects.filter(ticket=OuterRef("pk"), body_text__icontains=query)
    if not user.is_agent:
        text = text.exclude(kind="note")
    domain = TenantDomain.objects.filter(tenant__customer=OuterRef("customer_id"), domain__icontains=query)
    return tickets.filter(
        Q(subject__icontains=query)
        | Q(requester__email__icontains=query)
        | Q(requester__name__icontains=query)
        | Q(customer__name__icontains=query)
        | Exists(domain)
        | Exists(text)
    ).order_by("-id")
