"""Known issues on the public page and the request form: the active Microsoft 365 service incidents the
desk tracks and the desk's own notices, in the reader's language; the incidents a subject typed in the
form is about (the matching the desk uses to link tickets, ``vendor.health.ticket_services``); and, for a
signed-in requester, the incidents linked to the tickets they may see.

Only what is public leaves here: the service, what users see, since when, Microsoft's incident id — never
a tenant, a requester or another organisation's ticket. The page's part is read once per 30 seconds."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cspdesk.accounts.models import User
from cspdesk.core import clock
from cspdesk.portal.notices import KNOWN_ISSUES_CACHE_KEY, notices_shown
from cspdesk.tickets.selectors import tickets_visible_to
from cspdesk.tickets.states import OPEN_STATUSES
from cspdesk.vendor import health
from cspdesk.vendor.models import IncidentLink, ServiceIncident

CACHE_SECONDS = 30
SUBJECT_MAX = 500

# What users of each service see during an incident, in the reader's language (Microsoft's own text is
# English only; its title is shown beside this for readers of English).
WHAT_USERS_SEE = {
    "exchange": _("users cannot send or receive mail"),
    "sharepoint": _("sites and files in SharePoint may not open"),
    "teams": _("meetings, calls and chats in Teams may fail"),
    "onedrive": _("files in OneDrive may not open or sync"),
    "m365_apps": _("Office apps may not start or activate"),
    "azure": _("some Azure services may be unavailable"),
    "other": _("some users may be affected"),
}


@dataclass(frozen=True)
class KnownIssue:
    kind: str  # "incident", or the notice's kind: "maintenance", "outage"
    title: str  # the service's name, or the notice's title
    text: str  # what users see, or the notice's text
    since: str  # the local time (a date too when not today)
    until: str = ""
    microsoft_id: str = ""
    microsoft_title: str = ""
    incident_id: int | None = None


def _zone():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _local(moment: datetime | None, now: datetime) -> str:
    if moment is None:
        return ""
    local, today = timezone.localtime(moment, _zone()), timezone.localtime(now, _zone()).date()
    if local.date() == today:
        return f"{local:%H:%M}"
    return f"{local:%d.%m %H:%M}" if local.year == today.year else f"{local:%d.%m.%Y %H:%M}"


def _read() -> dict:
    """The rows behind the banner as plain values, cached: one query for the incidents, one for notices."""
    rows = cache.get(KNOWN_ISSUES_CACHE_KEY)
    if rows is None:
        incidents = ServiceIncident.objects.filter(is_resolved=False).order_by("-started_at", "-id")[:20]
        rows = {
            "incidents": [
                {
                    "id": i.pk,
                    "service": i.service,
                    "service_name": i.service_name,
                    "external_id": i.external_id,
                    "title": i.title,
                    "started_at": i.started_at,
                }
                for i in incidents
            ],
            "notices": [
                {
                    "kind": n.kind,
                    "title": {"ru": n.title_ru, "en": n.title_en},
                    "text": {"ru": n.text_ru, "en": n.text_en},
                    "starts_at": n.starts_at,
                    "ends_at": n.ends_at,
                }
                for n in notices_shown().order_by("starts_at", "id")[:10]
            ],
        }
        cache.set(KNOWN_ISSUES_CACHE_KEY, rows, CACHE_SECONDS)
    return rows


def _incident(row: dict, now: datetime) -> KnownIssue:
    service = row["service"]
    label = ServiceIncident.Service(service).label if service in ServiceIncident.Service.values else ""
    return KnownIssue(
        kind="incident",
        title=str(label) if service != "other" and label else row["service_name"],
        text=str(WHAT_USERS_SEE.get(service, WHAT_USERS_SEE["other"])),
        since=_local(row["started_at"], now),
        microsoft_id=row["external_id"],
        microsoft_title=row["title"],
        incident_id=row["id"],
    )


def known_issues() -> list[KnownIssue]:
    """The banner's items in the active language: the desk's notices first, then Microsoft's incidents.
    A notice whose times passed while cached is left out."""
    now = clock.now()
    language = "en" if (translation.get_language() or "ru")[:2] == "en" else "ru"
    rows = _read()
    shown = [
        KnownIssue(
            kind=n["kind"],
            title=n["title"][language],
            text=n["text"][language],
            since=_local(n["starts_at"], now),
            until=_local(n["ends_at"], now),
        )
        for n in rows["notices"]
        if n["starts_at"] <= now and (n["ends_at"] is None or n["ends_at"] > now)
    ]
    return shown + [_incident(row, now) for row in rows["incidents"]]


def incidents_for_subject(subject: str) -> list[KnownIssue]:
    """The active incidents whose service the typed subject is about ("не уходят письма" → Exchange
    Online), from the cached rows: typing costs no query."""
    services = health.ticket_services(text=(subject or "")[:SUBJECT_MAX])
    if not services:
        return []
    now = clock.now()
    return [_incident(row, now) for row in _read()["incidents"] if row["service"] in services]


@dataclass(frozen=True)
class LinkedIncident:
    issue: KnownIssue
    tickets: list[str]  # the numbers of the requester's own (visible) open tickets linked to it


def incidents_linked_for(user: User) -> list[LinkedIncident]:
    """The active incidents linked to open tickets the requester may see, with those tickets' numbers
    (never another organisation's: the tickets come through the access selector)."""
    links = (
        IncidentLink.objects.filter(
            state=IncidentLink.State.LINKED,
            incident__is_resolved=False,
            ticket__in=tickets_visible_to(user).filter(status__in=OPEN_STATUSES),
        )
        .select_related("incident", "ticket")
        .order_by("incident_id", "ticket_id")
    )
    now = clock.now()
    found: dict[int, LinkedIncident] = {}
    for link in links:
        incident = link.incident
        if incident.pk not in found:
            row = {
                "id": incident.pk,
                "service": incident.service,
                "service_name": incident.service_name,
                "external_id": incident.external_id,
                "title": incident.title,
                "started_at": incident.started_at,
            }
            found[incident.pk] = LinkedIncident(_incident(row, now), [])
        found[incident.pk].tickets.append(link.ticket.number)
    return list(found.values())
