"""The registry as plain values: what an export file or Partner Center says about a customer's tenant and
its subscriptions. Both sources produce these; one service applies them (registry/apply.py)."""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PartnerKey:
    """A reseller partner, known by its login in the ordering portal or by its Microsoft partner id."""

    login: str = ""
    mpn_id: str = ""
    name: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return ("login", self.login.lower()) if self.login else ("mpn", self.mpn_id)


@dataclass(frozen=True)
class SubscriptionRecord:
    external_id: str
    offer_name: str
    offer_id: str = ""
    product: str = "m365"
    quantity: int = 1
    status: str = "active"
    start_date: date | None = None
    end_date: date | None = None
    agreement_number: str | None = ""  # None: the source does not know it; the registry keeps its value


@dataclass
class TenantRecord:
    """One customer tenant with its domains and subscriptions; ``row`` is where it first appeared."""

    tenant_id: UUID
    customer_name: str
    primary_domain: str
    partner: PartnerKey
    domains: set[str] = field(default_factory=set)
    subscriptions: dict[str, SubscriptionRecord] = field(default_factory=dict)
    row: int = 0


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.row and self.column:
            return _("row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return str(self.message)
