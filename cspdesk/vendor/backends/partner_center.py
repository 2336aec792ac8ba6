"""Partner Center service requests, read side (contract §1.8): get by id, list a customer's, and add a
note by PATCH. Creating them through the API was decommissioned on 31 Aug 2020, so Microsoft 365 cases are
opened by hand and this backend only tracks them. The documented auth is App+User; the token is whatever
the configured MSAL client gets."""

import hashlib
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from urllib.parse import quote

from django.utils.dateparse import parse_datetime

from cspdesk.vendor import formats
from cspdesk.vendor.backends.base import CaseState, CaseUpdate, VendorApiError, VendorBackend
from cspdesk.vendor.backends.http import JsonHttp, MsalToken
from cspdesk.vendor.error_codes import VendorErrorCode

_UNSET_DATE = "0001-01-01"


class PartnerCenterServiceRequests(VendorBackend):
    can_track = True
    can_message = True

    def __init__(
        self,
        *,
        base_url: str = "https://api.partnercenter.microsoft.com",
        timeout_seconds: float = 15.0,
        max_attempts: int = 3,
        backoff_seconds: float = 1.0,
        max_retry_after_seconds: float = 30.0,
        ca_bundle: str = "",
        token: Callable[..., str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options,
    ):
        super().__init__(**options)
        self.base_url = base_url.rstrip("/")
        self._token = token
        self._verify = ca_bundle or True
        self.http = JsonHttp(
            token=self._token_value,
            verify=self._verify,
            timeout=timeout_seconds,
            max_attempts=max_attempts,
            backoff=backoff_seconds,
            max_retry_after=max_retry_after_seconds,
            sleep=sleep,
            name="Partner Center",
        )

    def _token_value(self, *, renew: bool = False) -> str:
        if self._token is None:
            self._token = MsalToken(
                authority=self.options.get("authority", "https://login.microsoftonline.com"),
                tenant=self.options.get("tenant", ""),
                client_id=self.options.get("client_id", ""),
                client_secret=self.options.get("client_secret", ""),
                scope=self.options.get("scope", "https://api.partnercenter.microsoft.com/.default"),
                verify=self._verify,
            )
        return self._token(renew=renew) if renew else self._token()

    def portal_link(self, *, tenant: str, subscription_id: str = "") -> str:
        return self.options.get("portal_url", "").format(
            tenant=tenant or "", subscription=subscription_id or ""
        )

    def case_read(self, *, case_number: str, resource_name: str = "", subscription_id: str = "") -> CaseState:
        _status, _headers, body = self.http.request(
            "GET", f"{self.base_url}/v1/servicerequests/{quote(case_number, safe='')}"
        )
        return service_request_state(body, fallback_number=case_number)

    def service_requests(self, customer_tenant_id: str) -> Iterator[CaseState]:
        _status, _headers, body = self.http.request(
            "GET", f"{self.base_url}/v1/customers/{quote(customer_tenant_id, safe='')}/servicerequests"
        )
        for item in body.get("items") or []:
            if isinstance(item, dict):
                yield service_request_state(item)

    def message_send(self, *, case, subject: str, body: str, sender: str) -> str:
        """A note on the service request (PATCH NewNote): the subject heads the text."""
        text = (f"{subject}\n\n{body}" if subject else body)[:10_000]
        state = self.note_add(case_number=case.case_number, text=text)
        # The note's key as the sync will read it, so our own words are not recorded as Microsoft's.
        mine = [update.key for update in state.updates if update.text == text]
        return mine[-1] if mine else ""

    def note_add(self, *, case_number: str, text: str) -> CaseState:
        _status, _headers, body = self.http.request(
            "PATCH",
            f"{self.base_url}/v1/servicerequests/{quote(case_number, safe='')}",
            json={"NewNote": {"Text": text}, "Attributes": {"ObjectType": "ServiceRequest"}},
        )
        return service_request_state(body, fallback_number=case_number)


def _get(item: dict, name: str):
    """camelCase in responses, PascalCase in requests: read either."""
    return item.get(name, item.get(name[:1].upper() + name[1:]))


def service_request_state(item: dict, *, fallback_number: str = "") -> CaseState:
    number = formats.case_number_normalise(str(_get(item, "id") or "")) or fallback_number
    if not number:
        raise VendorApiError(
            VendorErrorCode.PARTNER_CENTER_NO_CASE_NUMBER, "Partner Center answered without a case id."
        )
    updates = []
    for note in _get(item, "notes") or []:
        if not isinstance(note, dict):
            continue
        at = _when(_get(note, "createdDate"))
        text = str(_get(note, "text") or "")
        updates.append(
            CaseUpdate(
                key=f"{_get(note, 'createdDate')}|{hashlib.sha256(text.encode()).hexdigest()[:12]}",
                at=at,
                author=str(_get(note, "createdByName") or "Microsoft"),
                text=text,
            )
        )
    return CaseState(
        case_number=number,
        status=formats.status_parse(_get(item, "status")),
        severity=formats.severity_parse(_get(item, "severity")),
        updates=updates,
    )


def _when(value) -> datetime | None:
    if not value or str(value).startswith(_UNSET_DATE):
        return None
    try:
        return parse_datetime(str(value))
    except ValueError:
        return None
