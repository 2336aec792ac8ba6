"""The on-time share and the reaction and resolution times, per period and per channel, request type,
partner or agent (docs/sla.md, "On-time share"). Merged duplicates are no requests of their own; paid work
measured against its approved estimate is reported apart, as vendor cases are. Read-only: aggregates over
the stored clocks through the index on (kind, stopped_at), so a month of a million-ticket desk is one
grouped query per clock."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Q, QuerySet

from cspdesk.accounts.models import Partner, User
from cspdesk.catalog.models import RequestType
from cspdesk.sla.models import ClockKind, ClockState, SlaClock, SlaPolicy
from cspdesk.tickets.choices import Channel

DIMENSIONS = {
    "channel": "ticket__channel",
    "request_type": "ticket__request_type_id",
    "partner": "ticket__partner_id",
    "agent": "ticket__assignee_id",
}
DEFAULT_TARGET = Decimal(95)
_ENDED = (ClockState.MET, ClockState.BREACHED)


@dataclass
class SlaFigures:
    key: str | int | None = None
    label: str = ""
    resolved: int = 0  # resolution clocks stopped in the period against the terms' targets (24 h, 2 h)
    met: int = 0
    breached: int = 0
    vendor_case: int = 0  # resolved in the period after a vendor case: reported apart
    # Paid work resolved in the period against its approved estimate: reported apart, with its own share.
    estimate_resolved: int = 0
    estimate_met: int = 0
    estimate_breached: int = 0
    merged: int = 0  # duplicates merged into another ticket in the period: no request of their own
    resolution_average_seconds: float | None = None
    reaction_count: int = 0
    reaction_met: int = 0
    reaction_breached: int = 0
    reaction_average_seconds: float | None = None
    escalation_count: int = 0  # escalation clocks stopped in the period: the case opened (met) or late
    escalation_met: int = 0
    escalation_breached: int = 0

    @property
    def estimate_on_time_percent(self) -> float | None:
        return round(100 * self.estimate_met / self.estimate_resolved, 2) if self.estimate_resolved else None

    @property
    def escalation_on_time_percent(self) -> float | None:
        return round(100 * self.escalation_met / self.escalation_count, 2) if self.escalation_count else None

    @property
    def on_time_percent(self) -> float | None:
        return round(100 * self.met / self.resolved, 2) if self.resolved else None

    @property
    def reaction_on_time_percent(self) -> float | None:
        return round(100 * self.reaction_met / self.reaction_count, 2) if self.reaction_count else None


@dataclass
class SlaReport:
    since: datetime
    until: datetime
    by: str | None
    target_percent: Decimal
    total: SlaFigures
    rows: list[SlaFigures] = field(default_factory=list)


def on_time_target() -> Decimal:
    """The catch-all policy's target (the active policy without conditions, last by priority)."""
    policy = (
        SlaPolicy.objects.filter(
            is_active=True, channel="", request_category="", impact="", partner=None, customer=None
        )
        .order_by("-priority", "-id")
        .first()
    )
    return policy.on_time_target if policy else DEFAULT_TARGET


def _clocks(kind: str, since: datetime, until: datetime, filters: dict) -> QuerySet:
    return SlaClock.objects.filter(
        kind=kind, stopped_at__gte=since, stopped_at__lt=until, state__in=_ENDED, **filters
    )


def _requests(clocks: QuerySet) -> QuerySet:
    """Without merged duplicates: their request is the ticket they were merged into, whose clocks count
    from the earlier arrival (docs/sla.md, "Merged duplicates")."""
    return clocks.filter(merged=False)


def _aggregate(
    resolution: QuerySet, reaction: QuerySet, group: str | None, escalation: QuerySet | None = None
) -> dict:
    """{key: SlaFigures} from two (three, with escalations) grouped queries (one key, None, without
    grouping)."""
    request = Q(merged=False)
    vendor = request & Q(vendor_case=True)
    estimate = request & Q(vendor_case=False, estimate=True)
    plain = request & Q(vendor_case=False, estimate=False)
    figures: dict = {}
    measures = {
        "met": Count("id", filter=plain & Q(state=ClockState.MET)),
        "breached": Count("id", filter=plain & Q(state=ClockState.BREACHED)),
        "vendor": Count("id", filter=vendor),
        "average": Avg("used_seconds", filter=plain),
        "estimate_met": Count("id", filter=estimate & Q(state=ClockState.MET)),
        "estimate_breached": Count("id", filter=estimate & Q(state=ClockState.BREACHED)),
        "merged": Count("id", filter=Q(merged=True)),
    }
    rows = resolution.values(group).annotate(**measures) if group else [resolution.aggregate(**measures)]
    for row in rows:
        item = figures.setdefault(row.get(group) if group else None, SlaFigures())
        item.met, item.breached, item.vendor_case = row["met"], row["breached"], row["vendor"]
        item.resolved = item.met + item.breached
        item.resolution_average_seconds = _seconds(row["average"])
        item.estimate_met, item.estimate_breached = row["estimate_met"], row["estimate_breached"]
        item.estimate_resolved = item.estimate_met + item.estimate_breached
        item.merged = row["merged"]
    reaction_measures = {
        "count": Count("id"),
        "met": Count("id", filter=Q(state=ClockState.MET)),
        "average": Avg("used_seconds"),
    }
    rows = (
        reaction.values(group).annotate(**reaction_measures)
        if group
        else [reaction.aggregate(**reaction_measures)]
    )
    for row in rows:
        item = figures.setdefault(row.get(group) if group else None, SlaFigures())
        item.reaction_count, item.reaction_met = row["count"], row["met"]
        item.reaction_breached = item.reaction_count - item.reaction_met
        item.reaction_average_seconds = _seconds(row["average"])
    if escalation is not None:
        escalation_measures = {"count": Count("id"), "met": Count("id", filter=Q(state=ClockState.MET))}
        rows = (
            escalation.values(group).annotate(**escalation_measures)
            if group
            else [escalation.aggregate(**escalation_measures)]
        )
        for row in rows:
            item = figures.setdefault(row.get(group) if group else None, SlaFigures())
            item.escalation_count, item.escalation_met = row["count"], row["met"]
            item.escalation_breached = item.escalation_count - item.escalation_met
    return figures


def _seconds(value) -> float | None:
    return round(float(value), 1) if value is not None else None


def _labels(by: str, keys) -> dict:
    keys = [key for key in keys if key is not None]
    if by == "channel":
        return {key: str(Channel(key).label) if key in Channel.values else key for key in keys}
    if by == "request_type":
        return {rt.pk: f"{rt.code}: {rt}" for rt in RequestType.objects.filter(pk__in=keys)}
    if by == "partner":
        return dict(Partner.objects.filter(pk__in=keys).values_list("pk", "name"))
    return {u.pk: u.get_full_name() or u.get_username() for u in User.objects.filter(pk__in=keys)}


def _public_key(by: str, key, codes: dict):
    """The API's key of a row: channel and request type codes, partner id, agent username."""
    return codes.get(key, key) if by in ("request_type", "agent") else key


def sla_report(
    *,
    since: datetime,
    until: datetime,
    by: str | None = None,
    channel: str | None = None,
    request_type: RequestType | None = None,
    partner: Partner | None = None,
    agent: User | None = None,
) -> SlaReport:
    """Figures for clocks stopped in [since, until), optionally filtered and grouped by one of
    ``DIMENSIONS``. A ticket counts in the period in which its clock stopped (resolution: when it was
    last resolved; reaction: acceptance)."""
    if by is not None and by not in DIMENSIONS:
        raise ValueError(f"unknown dimension {by!r}")
    filters = {}
    if channel:
        filters["ticket__channel"] = channel
    if request_type is not None:
        filters["ticket__request_type"] = request_type
    if partner is not None:
        filters["ticket__partner"] = partner
    if agent is not None:
        filters["ticket__assignee"] = agent
    resolution = _clocks(ClockKind.RESOLUTION, since, until, filters)
    reaction = _requests(_clocks(ClockKind.REACTION, since, until, filters))
    escalation = _requests(_clocks(ClockKind.ESCALATION, since, until, filters))
    total = _aggregate(resolution, reaction, None, escalation).get(None, SlaFigures())
    report = SlaReport(since, until, by, on_time_target(), total)
    if by is None:
        return report
    grouped = _aggregate(resolution, reaction, DIMENSIONS[by], escalation)
    labels = _labels(by, grouped)
    codes = {}
    if by == "request_type":
        codes = dict(RequestType.objects.filter(pk__in=list(labels)).values_list("pk", "code"))
    elif by == "agent":
        codes = dict(User.objects.filter(pk__in=list(labels)).values_list("pk", "username"))
    for key, item in sorted(grouped.items(), key=lambda pair: str(labels.get(pair[0], ""))):
        item.key = _public_key(by, key, codes)
        item.label = labels.get(key, "")
        report.rows.append(item)
    return report
