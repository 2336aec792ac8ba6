from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from cspdesk.api.schemas.base import InputSchema
from cspdesk.api.schemas.types import CurrencyCode, DecimalText


class EstimateIn(InputSchema):
    amount: DecimalText = Field(..., description='Positive, at most two decimals: 45000 or "45000.50"')
    currency: CurrencyCode = "RUB"
    hours: DecimalText = Field(..., description="Estimated hours: 6 or 7.5")
    description: str = Field(..., max_length=5000, description="The work the estimate covers")


class EstimateDecisionIn(InputSchema):
    decision: Literal["approve", "decline"]


class EstimateOut(Schema):
    id: int
    amount: str
    currency: str
    hours: str
    description: str
    proposed_by: str
    proposed_at: datetime
    decision: str
    decided_by: str | None
    decided_at: datetime | None
