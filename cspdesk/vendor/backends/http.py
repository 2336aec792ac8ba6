"""HTTP to Microsoft for the vendor adapters: an app-only MSAL token, JSON in and out, and the retry rules
of the contract (§3, §6.10): 429 waits Retry-After, timeouts / 5xx / malformed JSON back off, a refused
token is renewed once. Attempts are few: an engineer is waiting, and the manual route is the fallback."""

import logging
import time
import uuid
from collections.abc import Callable

import requests
from django.utils.translation import gettext as _

from cspdesk.vendor.backends.base import VendorApiError
from cspdesk.vendor.error_codes import VendorErrorCode

logger = logging.getLogger(__name__)
_RETRIED = frozenset({408, 500, 502, 503, 504})


class MsalToken:
    def __init__(
        self, *, authority: str, tenant: str, client_id: str, client_secret: str, scope: str, verify
    ):
        if not (tenant and client_id and client_secret):
            raise VendorApiError(
                VendorErrorCode.VENDOR_NOT_CONFIGURED,
                _("The Microsoft API is not configured (tenant, client id and secret are empty)."),
            )
        import msal

        self.scope = scope
        self.app = msal.ConfidentialClientApplication(
            client_id,
            authority=f"{authority.rstrip('/')}/{tenant}",
            client_credential=client_secret,
            instance_discovery=False,
            http_client=session_for(verify),
            timeout=30,
        )

    def __call__(self, *, renew: bool = False) -> str:
        if renew:
            self.app.remove_tokens_for_client()
        try:
            result = self.app.acquire_token_for_client(scopes=[self.scope])
        except (requests.RequestException, ValueError) as error:
            raise VendorApiError(
                VendorErrorCode.VENDOR_TOKEN, _("No Microsoft token: %(reason)s") % {"reason": error}
            ) from None
        if "access_token" not in result:
            reason = result.get("error_description") or result.get("error")
            raise VendorApiError(
                VendorErrorCode.VENDOR_TOKEN, _("No Microsoft token: %(reason)s") % {"reason": reason}
            )
        return result["access_token"]


def session_for(verify) -> requests.Session:
    session = requests.Session()
    if verify is not True:
        session.trust_env = False
        session.verify = verify
    return session


def retry_after(value: str | None, default: float) -> float:
    try:
        return max(0.0, float(value)) if value is not None else default
    except ValueError:
        return default


class JsonHttp:
    """One client per backend instance; ``token`` is any callable giving a bearer token."""

    def __init__(
        self,
        *,
        token: Callable[..., str],
        verify,
        timeout: float,
        max_attempts: int,
        backoff: float,
        max_retry_after: float,
        sleep: Callable[[float], None] = time.sleep,
        name: str = "Microsoft",
    ):
        self.token = token
        self.session = session_for(verify)
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.sleep = sleep
        self.name = name
        self._value: str | None = None

    def _bearer(self, renew: bool = False) -> str:
        if self._value is None or renew:
            self._value = self.token(renew=True) if renew else self.token()
        return self._value

    def request(self, method: str, url: str, *, json=None, headers=None) -> tuple[int, dict, dict]:
        """(status, headers, body) of the first answer that is neither throttled nor transient."""
        renewed = False
        reason = ""
        request_id = str(uuid.uuid4())
        for attempt in range(1, self.max_attempts + 1):
            sent = {
                "Authorization": f"Bearer {self._bearer()}",
                "Accept": "application/json",
                "x-ms-client-request-id": request_id,
                **(headers or {}),
            }
            try:
                response = self.session.request(method, url, json=json, headers=sent, timeout=self.timeout)
            except requests.RequestException as error:
                reason = type(error).__name__
                logger.warning("%s %s %s failed (attempt %s): %s", self.name, method, url, attempt, error)
                self._pause(self.backoff * 2 ** (attempt - 1), attempt)
                continue
            if response.status_code == 429:
                reason = f"HTTP 429, Retry-After {response.headers.get('Retry-After')}"
                wait = retry_after(response.headers.get("Retry-After"), self.backoff * 2 ** (attempt - 1))
                self._pause(min(wait, self.max_retry_after), attempt)
                continue
            if response.status_code == 401 and not renewed:
                renewed = True
                self._bearer(renew=True)
                continue
            if response.status_code in _RETRIED:
                reason = f"HTTP {response.status_code}"
                self._pause(self.backoff * 2 ** (attempt - 1), attempt)
                continue
            body: dict = {}
            if response.content:
                try:
                    body = response.json()
                    if not isinstance(body, dict):
                        raise ValueError("not a JSON object")
                except ValueError:
                    reason = _("malformed JSON")
                    self._pause(self.backoff * 2 ** (attempt - 1), attempt)
                    continue
            if response.status_code >= 400:
                raise refused(self.name, response.status_code, body)
            return response.status_code, dict(response.headers), body
        raise VendorApiError(
            VendorErrorCode.VENDOR_UNAVAILABLE,
            _("%(name)s did not answer: %(reason)s, after %(count)s attempts")
            % {"name": self.name, "reason": reason, "count": self.max_attempts},
        )

    def _pause(self, seconds: float, attempt: int) -> None:
        if attempt < self.max_attempts:
            self.sleep(seconds)


def refused(name: str, status: int, body: dict) -> VendorApiError:
    """ARM's {"error": {code, message}} or Partner Center's {code, description}; branch on the code."""
    error = body.get("error") if isinstance(body.get("error"), dict) else body
    code = str(error.get("code") or status)
    message = str(error.get("message") or error.get("description") or "")[:500]
    error = VendorApiError(
        VendorErrorCode.VENDOR_REFUSED,
        _("%(name)s refused the request: HTTP %(status)s %(code)s %(message)s")
        % {"name": name, "status": status, "code": code, "message": message},
    )
    error.http_status = status
    error.vendor_code = code
    return error
