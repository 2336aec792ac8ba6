"""Ticket search for agents: the number in any common form (CSP-000123, CSP-123, #123, 123) names one
ticket; words are looked for with stemming in subjects and message texts (the search service, best match
first), and as typed in the requester's name and address, the customer's name and its tenants' domains."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from cspdesk.accounts.models import TenantDomain
from cspdesk.search import query as search_query
from cspdesk.tickets.numbering import format_number
from cspdesk.tickets.search import tickets_find
from cspdesk.tickets.selectors import tickets_visible_to

SEARCH_MAX_LENGTH = 200
_OTHER_MATCHES = 1000


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


@dataclass(frozen=True)
class TicketSearch:
    ids: list[int]  # text matches best first, then the other matches newest first
    text: search_query.Results


def tickets_search(user, query: str) -> TicketSearch:
    visible = tickets_visible_to(user)
    if not query:
        return TicketSearch(ids=[], text=search_query.Results(words=[], matches=[], count=0))
    text = tickets_find(visible, query, with_notes=user.is_agent)
    ids = [match.object_id for match in text.matches]
    domain = TenantDomain.objects.filter(tenant__customer=OuterRef("customer_id"), domain__icontains=query)
    others = (
        visible.filter(
            Q(subject__icontains=query)
            | Q(requester__email__icontains=query)
            | Q(requester__name__icontains=query)
            | Q(customer__name__icontains=query)
            | Exists(domain)
        )
        .exclude(pk__in=ids)
        .order_by("-id")
        .values_list("pk", flat=True)[:_OTHER_MATCHES]
    )
    return TicketSearch(ids=ids + list(others), text=text)


def tickets_search_page(user, search: TicketSearch, ids: list[int]) -> list[tuple]:
    """The tickets of one page of results, in order, each with its highlighted snippet (or "")."""
    tickets = tickets_visible_to(user).select_related("requester", "customer", "partner", "assignee")
    by_id = tickets.in_bulk(ids)
    wanted = set(ids)
    snippets = {
        hit.object_id: hit.snippet
        for hit in search_query.hits(search.text, [m for m in search.text.matches if m.object_id in wanted])
    }
    return [(by_id[pk], snippets.get(pk, "")) for pk in ids if pk in by_id]
