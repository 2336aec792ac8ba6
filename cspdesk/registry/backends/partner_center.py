"""The Partner Center REST adapter: app-only token from MSAL, continuation-token paging, 429 with
Retry-After, timeouts, 5xx and malformed JSON retried with exponential backoff (contract §1.3, §1.4, §3.1).
"""

import logging
import time
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import urljoin

import requests
from django.utils.translation import gettext as _

from cspdesk.registry.backends.base import PartnerCenterBackend, PartnerCenterError
from cspdesk.registry.error_codes import RegistryErrorCode

logger = logging.getLogger(__name__)
_RETRIED_STATUSES = frozenset({408, 500, 502, 503, 504})
MAX_PAGES = 100_000


class MsalTokenSource:
    """An app-only (client-credentials) token from Microsoft Entra ID; MSAL caches it until it expires."""

    def __init__(
        self, *, authority: str, tenant: str, client_id: str, client_secret: str, scope: str, verify=True
    ):
        if not (tenant and client_id and client_secret):
            raise PartnerCenterError(
                RegistryErrorCode.PARTNER_CENTER_NOT_CONFIGURED,
                _(
                    "Partner Center is not configured: set CSPDESK_PARTNER_CENTER_TENANT, "
                    "CSPDESK_PARTNER_CENTER_CLIENT_ID and CSPDESK_PARTNER_CENTER_CLIENT_SECRET."
                ),
            )
        import msal

        self.scope = scope
        self.app = msal.ConfidentialClientApplication(
            client_id,
            authority=f"{authority.rstrip('/')}/{tenant}",
            client_credential=client_secret,
            instance_discovery=False,
            http_client=_session(verify),
            timeout=30,
        )

    def __call__(self, *, renew: bool = False) -> str:
        if renew:
            # Partner Center refused the cached token: drop it so that MSAL asks Entra ID for a new one.
            self.app.remove_tokens_for_client()
        try:
            result = self.app.acquire_token_for_client(scopes=[self.scope])
        except (requests.RequestException, ValueError) as error:
            raise PartnerCenterError(
                RegistryErrorCode.PARTNER_CENTER_TOKEN,
                _("No Partner Center token: %(reason)s") % {"reason": error},
            ) from None
        if "access_token" not in result:
            raise PartnerCenterError(
                RegistryErrorCode.PARTNER_CENTER_TOKEN,
                _("No Partner Center token: %(reason)s")
                % {"reason": result.get("error_description") or result.get("error")},
            )
        return result["access_token"]


class PartnerCenterHttp(PartnerCenterBackend):
    def __init__(
        self,
        *,
        base_url: str,
        page_size: int = 100,
        timeout_seconds: float = 30.0,
        max_attempts: int = 6,
        backoff_seconds: float = 1.0,
        max_retry_after_seconds: int = 300,
        token_source: Callable[[], str] | None = None,
        ca_bundle: str = "",
        sleep: Callable[[float], None] = time.sleep,
        **options,
    ):
        super().__init__(**options)
        self.base_url = base_url.rstrip("/") + "/"
        self.page_size = page_size
        self.timeout = timeout_seconds
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff_seconds
        self.max_retry_after = max_retry_after_seconds
        self.sleep = sleep
        self._token_source = token_source
        self._token: str | None = None
        self.verify = ca_bundle or True
        self.session = _session(self.verify)

    def _token_value(self, *, renew: bool = False) -> str:
        if self._token_source is None:
            self._token_source = MsalTokenSource(
                authority=self.options.get("authority", "https://login.microsoftonline.com"),
                tenant=self.options.get("tenant", ""),
                client_id=self.options.get("client_id", ""),
                client_secret=self.options.get("client_secret", ""),
                scope=self.options.get("scope", "https://api.partnercenter.microsoft.com/.default"),
                verify=self.verify,
            )
        if self._token is None or renew:
            self._token = self._token_source(renew=renew) if renew else self._token_source()
        return self._token

    def _fail(self, uri: str, reason: str) -> PartnerCenterError:
        return PartnerCenterError(
            RegistryErrorCode.PARTNER_CENTER_UNAVAILABLE,
            _("Partner Center did not answer %(uri)s: %(reason)s") % {"uri": uri, "reason": reason},
        )

    def _delay(self, attempt: int) -> float:
        return self.backoff * 2 ** (attempt - 1)

    def get(self, uri: str, extra_headers: dict[str, str] | None = None) -> dict:
        """One GET, retried as the contract says; the same MS-RequestId on every retry of it."""
        url = urljoin(self.base_url, uri.lstrip("/"))
        request_id = str(uuid.uuid4())
        renewed = False
        throttled = 0
        reason = ""
        for attempt in range(1, self.max_attempts + 1):
            headers = {
                "Authorization": f"Bearer {self._token_value()}",
                "Accept": "application/json",
                "MS-RequestId": request_id,
                "MS-CorrelationId": str(uuid.uuid4()),
                "MS-PartnerCenter-Application": "cspdesk",
                **(extra_headers or {}),
            }
            try:
                response = self.session.get(url, headers=headers, timeout=self.timeout)
            except requests.RequestException as error:
                reason = f"{type(error).__name__}: {error}"
                logger.warning("Partner Center %s failed (attempt %s): %s", uri, attempt, reason)
                self.sleep(self._delay(attempt))
                continue
            if response.status_code == 429:
                # Wait as told; throttled again, back off exponentially from the recommended delay.
                wait = _retry_after(response.headers.get("Retry-After"), self._delay(attempt))
                wait = min(wait * 2**throttled, self.max_retry_after)
                throttled += 1
                reason = f"HTTP 429, Retry-After {response.headers.get('Retry-After')}"
                logger.warning("Partner Center throttled %s; waiting %.1f s", uri, wait)
                self.sleep(wait)
                continue
            if response.status_code == 401 and not renewed:
                renewed = True
                self._token_value(renew=True)
                continue
            if response.status_code in _RETRIED_STATUSES:
                reason = f"HTTP {response.status_code}"
                logger.warning("Partner Center %s: %s (attempt %s)", uri, reason, attempt)
                self.sleep(self._delay(attempt))
                continue
            if response.status_code >= 400:
                raise _error(uri, response)
            try:
                body = response.json()
                if not isinstance(body, dict):
                    raise ValueError("not a JSON object")
            except ValueError as error:
                reason = _("malformed JSON (%(reason)s)") % {"reason": error}
                logger.warning("Partner Center %s: %s (attempt %s)", uri, reason, attempt)
                self.sleep(self._delay(attempt))
                continue
            return body
        raise self._fail(
            uri, _("%(reason)s, after %(count)s attempts") % {"reason": reason, "count": self.max_attempts}
        )

    def _collection(self, uri: str) -> Iterator[dict]:
        headers: dict[str, str] = {}
        seen_tokens: set[str] = set()
        for _page in range(MAX_PAGES):
            body = self.get(uri, headers)
            items = body.get("items")
            if not isinstance(items, list):
                raise self._fail(uri, _("the answer has no list of items"))
            yield from (item for item in items if isinstance(item, dict))
            link = (body.get("links") or {}).get("next")
            if not link or not link.get("uri"):
                return
            uri = link["uri"]
            headers = {h["key"]: h["value"] for h in link.get("headers") or [] if "key" in h and "value" in h}
            token = headers.get("MS-ContinuationToken", uri)
            if token in seen_tokens:
                raise self._fail(uri, _("the continuation token repeats"))
            seen_tokens.add(token)
        raise self._fail(uri, _("too many pages"))

    def customers(self) -> Iterator[dict]:
        return self._collection(f"/v1/customers?size={self.page_size}")

    def customer(self, customer_id: str) -> dict:
        return self.get(f"/v1/customers/{customer_id}")

    def subscriptions(self, customer_id: str) -> Iterator[dict]:
        return self._collection(f"/v1/customers/{customer_id}/subscriptions")


def _session(verify) -> requests.Session:
    session = requests.Session()
    if verify is not True:
        # A configured CA bundle must win over REQUESTS_CA_BUNDLE from the environment.
        session.trust_env = False
        session.verify = verify
    return session


def _retry_after(value: str | None, default: float) -> float:
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


def _error(uri: str, response: requests.Response) -> PartnerCenterError:
    try:
        body = response.json()
        detail = f"{body.get('code')}: {body.get('description')}"
    except (ValueError, AttributeError):
        detail = response.text[:200]
    return PartnerCenterError(
        RegistryErrorCode.PARTNER_CENTER_REFUSED,
        _("Partner Center refused %(uri)s: HTTP %(status)s %(detail)s")
        % {"uri": uri, "status": response.status_code, "detail": detail},
    )
