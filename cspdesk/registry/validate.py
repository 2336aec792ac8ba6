"""Rows of an export → tenant records, with every problem named by row and column. Pure: no database."""

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

from django.utils.translation import gettext as _

from cspdesk.registry.records import PartnerKey, RowError, SubscriptionRecord, TenantRecord

STATUSES = {
    "active": "active",
    "suspended": "suspended",
    "disabled": "suspended",
    "pending": "pending",
    "none": "pending",
    "expired": "expired",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "deleted": "cancelled",
    "активна": "active",
    "активная": "active",
    "приостановлена": "suspended",
    "ожидает": "pending",
    "истекла": "expired",
    "отменена": "cancelled",
    "удалена": "cancelled",
}
PRODUCTS = {"m365": "m365", "o365": "m365", "microsoft 365": "m365", "office 365": "m365", "azure": "azure"}
PRODUCTS.update({"other": "other", "другое": "other"})
_DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
_RU_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
MAX_QUANTITY = 1_000_000


class RowProblem(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def _text(cells: dict, column: str, *, required: bool = False, limit: int = 200) -> str:
    value = cells.get(column)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise RowProblem(column, _("NUL characters are not allowed."))
    if required and not text:
        raise RowProblem(column, _("a value is required"))
    if len(text) > limit:
        raise RowProblem(column, _("longer than %(limit)s characters") % {"limit": limit})
    return text


def parse_guid(value: str, column: str) -> UUID:
    try:
        return UUID(value.strip("{}"))
    except ValueError:
        raise RowProblem(
            column,
            _("“%(value)s” is not a GUID (expected like 6f1c2a3b-1234-4d5e-9abc-0123456789ab)")
            % {"value": value},
        ) from None


def parse_domain(value: str, column: str) -> str:
    domain = value.strip().lower().rstrip(".")
    if not _DOMAIN.match(domain):
        raise RowProblem(column, _("“%(value)s” is not a domain name") % {"value": value})
    return domain


def parse_date(value, column: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if match := _ISO_DATE.match(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _RU_DATE.match(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
    except ValueError:
        pass
    raise RowProblem(column, _("“%(value)s” is not a date; write YYYY-MM-DD or DD.MM.YYYY") % {"value": text})


def parse_quantity(value, column: str = "quantity") -> int:
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = value
    else:
        text = str(value or "").strip().replace("\u00a0", "").replace(" ", "")
        try:
            number = float(text) if "." in text else int(text)
        except ValueError:
            raise RowProblem(column, _("“%(value)s” is not a whole number") % {"value": value}) from None
    if not math.isfinite(number) or number != int(number) or not 0 <= number <= MAX_QUANTITY:
        raise RowProblem(
            column,
            _("“%(value)s” is not a whole number from 0 to %(max)s") % {"value": value, "max": MAX_QUANTITY},
        )
    return int(number)


def _choice(value: str, column: str, choices: dict) -> str:
    code = choices.get(value.strip().lower())
    if code is None:
        raise RowProblem(
            column,
            _("“%(value)s” is not one of: %(allowed)s")
            % {"value": value, "allowed": ", ".join(sorted(set(choices.values())))},
        )
    return code


def _subscription(cells: dict) -> SubscriptionRecord:
    offer_name = _text(cells, "offer_name", required=True)
    product_text = _text(cells, "product")
    product = (
        _choice(product_text, "product", PRODUCTS)
        if product_text
        else ("azure" if "azure" in offer_name.lower() else "m365")
    )
    start, end = (
        parse_date(cells.get("start_date"), "start_date"),
        parse_date(cells.get("end_date"), "end_date"),
    )
    if start and end and end < start:
        raise RowProblem("end_date", _("the end date is before the start date"))
    return SubscriptionRecord(
        external_id=str(parse_guid(_text(cells, "subscription_id", required=True), "subscription_id")),
        offer_name=offer_name,
        offer_id=_text(cells, "offer_id", limit=100),
        product=product,
        quantity=parse_quantity(cells.get("quantity")),
        status=_choice(_text(cells, "status", required=True), "status", STATUSES),
        start_date=start,
        end_date=end,
        agreement_number=_text(cells, "agreement_number", limit=64),
    )


def _tenant(cells: dict, row: int) -> TenantRecord:
    login, mpn_id = _text(cells, "partner_login", limit=150), _text(cells, "partner_mpn_id", limit=20)
    if not login and not mpn_id:
        raise RowProblem("partner_login", _("a value is required"))
    primary = parse_domain(_text(cells, "primary_domain", required=True, limit=253), "primary_domain")
    domains = {primary}
    for part in re.split(r"[;,\s]+", _text(cells, "domains", limit=10_000)):
        if part:
            domains.add(parse_domain(part, "domains"))
    return TenantRecord(
        tenant_id=parse_guid(_text(cells, "tenant_id", required=True), "tenant_id"),
        customer_name=_text(cells, "customer_name", required=True),
        primary_domain=primary,
        partner=PartnerKey(login=login, mpn_id=mpn_id, name=_text(cells, "partner_name")),
        domains=domains,
        row=row,
    )


class Collector:
    """Gathers rows into tenants and checks that the rows agree with each other."""

    def __init__(self):
        self.tenants: dict[UUID, TenantRecord] = {}
        self.errors: list[RowError] = []
        self.rows = 0
        self._subscription_rows: dict[str, int] = {}
        self._domain_owner: dict[str, tuple[UUID, int]] = {}

    def _conflict(self, row: int, tenant: TenantRecord, known: TenantRecord) -> RowError | None:
        for column, mine, theirs in (
            ("customer_name", tenant.customer_name, known.customer_name),
            ("primary_domain", tenant.primary_domain, known.primary_domain),
            ("partner_login", tenant.partner.key, known.partner.key),
        ):
            if mine != theirs:
                return RowError(
                    row,
                    column,
                    _("tenant %(tenant)s already appears in row %(first)s with a different value")
                    % {"tenant": tenant.tenant_id, "first": known.row},
                )
        return None

    def add(self, row: int, cells: dict) -> None:
        self.rows += 1
        try:
            tenant, subscription = _tenant(cells, row), _subscription(cells)
        except RowProblem as problem:
            self.errors.append(RowError(row, problem.column, problem.message))
            return
        known = self.tenants.get(tenant.tenant_id)
        if known is not None and (error := self._conflict(row, tenant, known)):
            self.errors.append(error)
            return
        if (first := self._subscription_rows.get(subscription.external_id)) is not None:
            self.errors.append(
                RowError(
                    row,
                    "subscription_id",
                    _("subscription %(id)s already appears in row %(first)s")
                    % {"id": subscription.external_id, "first": first},
                )
            )
            return
        for domain in tenant.domains:
            owner = self._domain_owner.get(domain)
            if owner and owner[0] != tenant.tenant_id:
                self.errors.append(
                    RowError(
                        row,
                        "domains",
                        _("the domain %(domain)s belongs to another tenant in row %(first)s")
                        % {"domain": domain, "first": owner[1]},
                    )
                )
                return
        for domain in tenant.domains:
            self._domain_owner.setdefault(domain, (tenant.tenant_id, row))
        self._subscription_rows[subscription.external_id] = row
        if known is None:
            known = self.tenants[tenant.tenant_id] = tenant
        else:
            known.domains |= tenant.domains
        known.subscriptions[subscription.external_id] = subscription


def collect(rows: Iterable[tuple[int, dict]], *, progress=None) -> Collector:
    collector = Collector()
    for row, cells in rows:
        collector.add(row, cells)
        if progress is not None:
            progress(collector.rows)
    return collector
