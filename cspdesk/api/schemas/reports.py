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


class SlaReportOut(Schema):
    since: datetime
    until: datetime = Field(description="exclusive")
    by: str | None
    target_percent: Decimal
    total: SlaFiguresOut
    rows: list[SlaFiguresOut]
