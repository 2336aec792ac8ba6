"""The Azure Support REST API adapter (contract §6): create a support ticket for a customer's
subscription (a long-running operation: 202 + Azure-AsyncOperation / Location polled as ARM says), read it
and its communications. api-version 2024-04-01 by default, configurable."""

import hashlib
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote, urlsplit

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from cspdesk.vendor import formats
from cspdesk.vendor.backends.base import CaseRequest, CaseState, CaseUpdate, VendorApiError, VendorBackend
from cspdesk.vendor.backends.http import JsonHttp, MsalToken, retry_after
from cspdesk.vendor.error_codes import VendorErrorCode

_TERMINAL = {"succeeded", "failed", "canceled", "cancelled"}
MAX_COMMUNICATION_PAGES = 50


class AzureSupportHttp(VendorBackend):
    can_open = True
    can_track = True
    can_message = True

    def __init__(
        self,
        *,
        base_url: str = "https://management.azure.com",
        api_version: str = "2024-04-01",
        timeout_seconds: float = 15.0,
        max_attempts: int = 3,
        backoff_seconds: float = 1.0,
        max_retry_after_seconds: float = 30.0,
        poll_limit_seconds: float = 60.0,
        ca_bundle: str = "",
        token: Callable[..., str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options,
    ):
        super().__init__(**options)
        self.base_url = base_url.rstrip("/")
        self.api_version = api_version
        self.poll_limit = poll_limit_seconds
        self.sleep = sleep
        verify = ca_bundle or True
        self._token = token
        self._verify = verify
        self.http = JsonHttp(
            token=self._token_value,
            verify=verify,
            timeout=timeout_seconds,
            max_attempts=max_attempts,
            backoff=backoff_seconds,
            max_retry_after=max_retry_after_seconds,
            sleep=sleep,
            name="Azure Support",
        )

    def _token_value(self, *, renew: bool = False) -> str:
        if self._token is None:
            self._token = MsalToken(
                authority=self.options.get("authority", "https://login.microsoftonline.com"),
                tenant=self.options.get("tenant", ""),
                client_id=self.options.get("client_id", ""),
                client_secret=self.options.get("client_secret", ""),
                scope=self.options.get("scope", "https://management.azure.com/.default"),
                verify=self._verify,
            )
        return self._token(renew=renew) if renew else self._token()

    def _ticket_url(self, subscription_id: str, name: str, suffix: str = "") -> str:
        return (
            f"{self.base_url}/subscriptions/{quote(subscription_id, safe='')}/providers/Microsoft.Support/"
            f"supportTickets/{quote(name, safe='')}{suffix}?api-version={self.api_version}"
        )

    def portal_link(self, *, tenant: str, subscription_id: str = "") -> str:
        return self.options.get("portal_url", "").format(
            tenant=tenant or "", subscription=subscription_id or ""
        )

    def case_open(self, *, request: CaseRequest, resource_name: str) -> CaseState:
        service_id = request.service_id or self.options.get("service_id", "")
        classification = request.problem_classification_id or self.options.get(
            "problem_classification_id", ""
        )
        if not request.subscription_id:
            raise VendorApiError(
                VendorErrorCode.AZURE_SUBSCRIPTION_MISSING, _("The ticket has no Azure subscription.")
            )
        if not (service_id and classification):
            raise VendorApiError(
                VendorErrorCode.AZURE_CLASSIFICATION_MISSING,
                _("No Azure support service and problem classification are configured or given."),
            )
        body = {
            "properties": {
                "serviceId": service_id,
                "problemClassificationId": classification,
                "title": request.title[:200],
                "description": request.description[:5000] or request.title,
                "severity": request.severity if request.severity in formats.SEVERITY_LETTER else "moderate",
                "advancedDiagnosticConsent": "No",
                "require24X7Response": request.severity == "critical",
                "contactDetails": {
                    "firstName": request.contact_first_name or "CSP",
                    "lastName": request.contact_last_name or "Support",
                    "primaryEmailAddress": request.contact_email,
                    "preferredContactMethod": "phone" if request.contact_phone else "email",
                    "phoneNumber": request.contact_phone or None,
                    "preferredTimeZone": self.options.get("contact_time_zone", "Russian Standard Time"),
                    "country": self.options.get("contact_country", "RUS"),
                    "preferredSupportLanguage": "ru-ru" if request.language == "ru" else "en-us",
                },
            }
        }
        if not body["properties"]["contactDetails"]["phoneNumber"]:
            del body["properties"]["contactDetails"]["phoneNumber"]
        url = self._ticket_url(request.subscription_id, resource_name)
        status, headers, answer = self.http.request("PUT", url, json=body)
        if status == 202:
            self._wait(headers)
            return self.case_read(
                case_number="", resource_name=resource_name, subscription_id=request.subscription_id
            )
        return self._state(answer, request.subscription_id)

    def _wait(self, headers: dict) -> None:
        """Polls the ARM async operation until it is terminal; Failed/Canceled name Microsoft's code."""
        lower = {key.lower(): value for key, value in headers.items()}
        url = lower.get("azure-asyncoperation") or lower.get("location")
        if not url:
            raise VendorApiError(
                VendorErrorCode.AZURE_NO_OPERATION,
                _("Azure accepted the ticket but gave no operation to follow."),
            )
        if urlsplit(url).netloc != urlsplit(self.base_url).netloc:
            raise VendorApiError(
                VendorErrorCode.AZURE_OPERATION_HOST, _("Azure's operation URL points to another host.")
            )
        deadline = time.monotonic() + self.poll_limit
        wait = retry_after(lower.get("retry-after"), 1.0)
        while True:
            self.sleep(min(wait, self.poll_limit))
            status, poll_headers, body = self.http.request("GET", url)
            state = str(body.get("status") or "").lower()
            if status == 200 and not body and "location" in lower and url == lower.get("location"):
                return  # operationResults answered 200 with no body: done
            if state == "succeeded":
                return
            if state in _TERMINAL:
                error = body.get("error") or {}
                raise VendorApiError(
                    VendorErrorCode.AZURE_OPERATION_FAILED,
                    _("Azure could not create the ticket: %(code)s %(message)s")
                    % {"code": error.get("code", state), "message": str(error.get("message", ""))[:500]},
                )
            if time.monotonic() > deadline:
                raise VendorApiError(
                    VendorErrorCode.AZURE_OPERATION_SLOW,
                    _("Azure is still creating the ticket; it is checked again later."),
                )
            poll_lower = {key.lower(): value for key, value in poll_headers.items()}
            wait = retry_after(poll_lower.get("retry-after"), 2.0)

    def _state(self, body: dict, subscription_id: str, updates=()) -> CaseState:
        properties = body.get("properties") if isinstance(body.get("properties"), dict) else {}
        number = str(properties.get("supportTicketId") or "").strip()
        if not formats.case_number_normalise(number):
            raise VendorApiError(
                VendorErrorCode.AZURE_NO_CASE_NUMBER,
                _("Azure answered without a valid support ticket id (%(value)s).") % {"value": number[:40]},
            )
        return CaseState(
            case_number=formats.case_number_normalise(number),
            status=formats.status_parse(properties.get("status")),
            severity=formats.severity_parse(properties.get("severity")),
            link=self.portal_link(tenant="", subscription_id=subscription_id),
            updates=list(updates),
        )

    def case_read(self, *, case_number: str, resource_name: str = "", subscription_id: str = "") -> CaseState:
        if not (resource_name and subscription_id):
            raise VendorApiError(
                VendorErrorCode.AZURE_UNTRACKED,
                _("The case was not opened through the API; track it by hand."),
            )
        _status, _headers, body = self.http.request("GET", self._ticket_url(subscription_id, resource_name))
        return self._state(body, subscription_id, self._communications(subscription_id, resource_name))

    def _list(self, path: str) -> list[dict]:
        """A tenant-level list (§6.9): ``value``, following ``nextLink`` where a newer version pages it."""
        url = f"{self.base_url}{path}?api-version={self.api_version}"
        items: list[dict] = []
        for _page in range(MAX_COMMUNICATION_PAGES):
            _status, _headers, body = self.http.request("GET", url)
            items += [item for item in body.get("value") or [] if isinstance(item, dict)]
            url = body.get("nextLink")
            if not url or urlsplit(url).netloc != urlsplit(self.base_url).netloc:
                break
        return items

    def services(self) -> list[dict]:
        return self._list("/providers/Microsoft.Support/services")

    def problem_classifications(self, service_id: str) -> list[dict]:
        name = service_id.rstrip("/").rsplit("/", 1)[-1]
        return self._list(
            f"/providers/Microsoft.Support/services/{quote(name, safe='')}/problemClassifications"
        )

    def communication_send(
        self, *, resource_name: str, subscription_id: str, subject: str, body: str, sender: str
    ) -> str:
        """A message to Microsoft on the ticket (§6.8 create communication: PUT by a name of ours, 200 or an
        ARM long-running 202). ``sender`` is required when a service principal calls. Returns the name."""
        if not (resource_name and subscription_id):
            raise VendorApiError(
                VendorErrorCode.AZURE_UNTRACKED,
                _("The case was not opened through the API; write to Microsoft in the portal."),
            )
        name = f"cspdesk-{uuid.uuid4().hex[:12]}"
        url = self._ticket_url(subscription_id, resource_name, f"/communications/{quote(name, safe='')}")
        payload = {"properties": {"subject": subject[:200], "body": body[:10_000], "sender": sender}}
        status, headers, _answer = self.http.request("PUT", url, json=payload)
        if status == 202:
            self._wait(headers)
        return name

    def message_send(self, *, case, subject: str, body: str, sender: str) -> str:
        return self.communication_send(
            resource_name=case.resource_name,
            subscription_id=case.azure_subscription,
            subject=subject,
            body=body,
            sender=sender,
        )

    def _communications(self, subscription_id: str, name: str) -> list[CaseUpdate]:
        url = self._ticket_url(subscription_id, name, "/communications")
        updates = []
        for _page in range(MAX_COMMUNICATION_PAGES):
            _status, _headers, body = self.http.request("GET", url)
            for item in body.get("value") or []:
                if not isinstance(item, dict):
                    continue
                properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
                text = "\n\n".join(
                    p for p in (str(properties.get("subject") or ""), str(properties.get("body") or "")) if p
                )
                updates.append(
                    CaseUpdate(
                        key=str(
                            item.get("name") or item.get("id") or hashlib.sha256(text.encode()).hexdigest()
                        ),
                        at=_when(properties.get("createdDate")),
                        author=str(properties.get("sender") or "Microsoft"),
                        text=text,
                    )
                )
            url = body.get("nextLink")
            if not url or urlsplit(url).netloc != urlsplit(self.base_url).netloc:
                break
        return sorted(updates, key=lambda u: (u.at is None, u.at or 0, u.key))


def _when(value) -> datetime | None:
    try:
        return parse_datetime(str(value)) if value else None
    except ValueError:
        return None
