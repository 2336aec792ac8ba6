from datetime import datetime
from decimal import Decimal

from ninja import Field, Schema

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import (
    REQUEST_TYPE,
    USERNAME,
    ChannelCode,
    Day,
    Id,
    ReportDimension,
    TimeExportFormat,
)


class SlaReportQuery(InputSchema):
    since: Day | None = Field(None, description="First day (inclusive, desk time zone); default: this month")
    until: Day | None = Field(None, description="Last day (inclusive); default: today")
    by: ReportDimension | None = Field(
        None, description="One row per channel, request type code, partner id or agent username"
    )
    channel: ChannelCode | None = None
    request_type: str | None = Field(None, max_length=REQUEST_TYPE, description="A request type code")
    partner: Id | None = Field(None, description="Partner id")
    agent: str | None = Field(None, max_length=USERNAME, description="An agent's username")


class TimeReportQuery(InputSchema):
    since: Day | None = Field(None, alias="from", description="First day (inclusive); default: this month")
    until: Day | None = Field(None, alias="to", description="Last day (inclusive); default: today")
    format: TimeExportFormat = Field("csv", description="csv (UTF-8, semicolons) or xlsx")


class SlaFiguresOut(Schema):
    key: str | int | None = Field(description="channel or request type code, partner id, agent username")
    label: str
    resolved: int = Field(
        description="resolution clocks stopped in the period against the terms' targets (24 h, or 2 h for a "
        "typical request): no vendor case, no approved estimate, no merged duplicate"
    )
    met: int
    breached: int
    on_time_percent: float | None
    vendor_case: int = Field(description="resolved after a vendor case: outside the on-time share")
    estimate_resolved: int = Field(
        0, description="paid work resolved against its approved cost estimate: outside the on-time share"
    )
    estimate_met: int = Field(0, description="of those, resolved within the estimate's hours")
    estimate_breached: int = 0
    estimate_on_time_percent: float | None = None
    merged: int = Field(
        0, description="duplicates merged into another ticket in the period: not requests of their own"
    )
    resolution_average_seconds: float | None
    reaction_count: int
    reaction_met: int
    reaction_breached: int
    reaction_on_time_percent: float | None
    reaction_average_seconds: float | None
    escalation_count: int = Field(
        0, description="escalations to Microsoft whose 2 h clock stopped in the period"
    )
    escalation_met: int = Field(0, description="of those, the case opened within 2 h of the request")
    escalation_breached: int = 0
    escalation_on_time_percent: float | None = None


class PhoneFiguresOut(Schema):
    """docs/sla.md, "Phone figures". Inbound calls that ended; outgoing and unfinished calls are in none."""

    key: str | int | None = Field(
        description="by_line: the line dialled (E.164); by_hour: the hour of day 0–23 in the desk's "
        "time zone; by_engineer: the username of the engineer who answered, null for the calls nobody "
        "answered"
    )
    label: str
    ended: int = Field(description="inbound calls that ended: counted + abandoned_ivr + short_abandons")
    counted: int = Field(description="the calls the terms count: answered + abandoned_queue + voicemail")
    answered: int
    abandoned_queue: int = Field(description="hung up in the queue after the short-abandon threshold")
    voicemail: int
    abandoned_ivr: int = Field(description="hung up in the voice menu: never queued, not in counted")
    short_abandons: int = Field(description="hung up within the short-abandon threshold: not in counted")
    service_level_15_percent: float | None = Field(description="answered within 15 s ÷ counted × 100")
    service_level_20_percent: float | None = Field(description="answered within 20 s ÷ counted × 100")
    service_level_60_percent: float | None = Field(description="answered within 60 s ÷ counted × 100")
    average_speed_of_answer_seconds: float | None = Field(description="mean wait of the answered calls")
    wait_p50_seconds: int | None = Field(description="nearest-rank percentiles of the answered calls' waits")
    wait_p90_seconds: int | None = Field(
        description="the smallest wait that 90 % of answered calls did not exceed"
    )
    wait_p95_seconds: int | None = Field(description="the same for 95 %")
    wait_max_seconds: int | None = Field(description="the longest wait of an answered call")
    abandoned_queue_percent: float | None = Field(description="abandoned_queue ÷ counted × 100")
    abandoned_ivr_percent: float | None = Field(description="abandoned_ivr ÷ (counted + abandoned_ivr) × 100")


class CallbackFiguresOut(Schema):
    target_seconds: int
    missed: int = Field(description="missed calls to call back")
    called_back: int
    pending: int = Field(description="not called back yet, within the target: in no share")
    within_target: int
    within_target_percent: float | None = Field(description="within_target ÷ (missed − pending) × 100")
    p50_seconds: int | None = Field(description="time to call back, nearest-rank, of those called back")
    p90_seconds: int | None = Field(description="the same for 90 %")


class PhoneReportOut(Schema):
    """The calls that started in the period (the report's other filters do not apply to calls)."""

    time_zone: str = Field(description="the desk's time zone, in which by_hour counts")
    short_abandon_seconds: int
    total: PhoneFiguresOut
    by_line: list[PhoneFiguresOut]
    by_hour: list[PhoneFiguresOut]
    by_engineer: list[PhoneFiguresOut]
    in_progress: int = Field(description="inbound calls not ended yet: in no figure")
    outgoing: int = Field(description="outgoing calls: in no figure")
    callbacks: CallbackFiguresOut | None = Field(
        description="the callbacks whose first missed call fell in the period"
    )


class SlaReportOut(Schema):
    since: datetime
    until: datetime = Field(description="exclusive")
    by: str | None
    target_percent: Decimal
    total: SlaFiguresOut
    rows: list[SlaFiguresOut]
    phone: PhoneReportOut = Field(description="the phone figures of the period (docs/sla.md)")
