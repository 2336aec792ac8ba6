"""Microsoft Graph service communications (contract §2): health overviews and issues of the
distributor's tenant, paged by @odata.nextLink; 429 waits Retry-After (§3.2). Chosen by
``CSPDESK["SERVICE_HEALTH"]["BACKEND"]``."""

import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cspdesk.vendor.backends.base import VendorApiError
from cspdesk.vendor.backends.http import JsonHttp, MsalToken
from cspdesk.vendor.error_codes import VendorErrorCode

MAX_PAGES = 200


class ServiceHealthBackend:
    def __init__(self, **options):
        self.options = options

    @property
    def configured(self) -> bool:
        return False

    def health_overviews(self) -> Iterator[dict]:
        return iter(())

    def issues(self) -> Iterator[dict]:
        return iter(())


class GraphServiceHealth(ServiceHealthBackend):
    def __init__(
        self,
        *,
        base_url: str = "https://graph.microsoft.com/v1.0",
        timeout_seconds: float = 15.0,
        max_attempts: int = 4,
        backoff_seconds: float = 1.0,
        max_retry_after_seconds: float = 120.0,
        page_size: int = 100,
        ca_bundle: str = "",
        token: Callable[..., str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options,
    ):
        super().__init__(**options)
        self.base_url = base_url.rstrip("/")
        self.page_size = page_size
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
            name="Microsoft Graph",
        )

    @property
    def configured(self) -> bool:
        """Without credentials the periodic sync does nothing (rather than fail every few minutes)."""
        options = self.options
        return self._token is not None or bool(
            options.get("tenant") and options.get("client_id") and options.get("client_secret")
        )

    def _token_value(self, *, renew: bool = False) -> str:
        if self._token is None:
            self._token = MsalToken(
                authority=self.options.get("authority", "https://login.microsoftonline.com"),
                tenant=self.options.get("tenant", ""),
                client_id=self.options.get("client_id", ""),
                client_secret=self.options.get("client_secret", ""),
                scope=self.options.get("scope", "https://graph.microsoft.com/.default"),
                verify=self._verify,
            )
        return self._token(renew=renew) if renew else self._token()

    def _pages(self, path: str, headers: dict | None = None) -> Iterator[dict]:
        url = f"{self.base_url}{path}"
        seen = set()
        for _page in range(MAX_PAGES):
            _status, _headers, body = self.http.request("GET", url, headers=headers)
            value = body.get("value")
            if not isinstance(value, list):
                raise VendorApiError(
                    VendorErrorCode.GRAPH_NO_VALUE, _("Microsoft Graph answered without a list of values.")
                )
            yield from (item for item in value if isinstance(item, dict))
            url = body.get("@odata.nextLink")
            if not url:
                return
            if urlsplit(url).netloc != urlsplit(self.base_url).netloc or url in seen:
                raise VendorApiError(
                    VendorErrorCode.GRAPH_BAD_NEXT_LINK, _("Microsoft Graph's next page link is not usable.")
                )
            seen.add(url)
        raise VendorApiError(VendorErrorCode.GRAPH_TOO_MANY_PAGES, _("Microsoft Graph gave too many pages."))

    def health_overviews(self) -> Iterator[dict]:
        return self._pages("/admin/serviceAnnouncement/healthOverviews")

    def issues(self) -> Iterator[dict]:
        return self._pages(
            "/admin/serviceAnnouncement/issues", {"Prefer": f"odata.maxpagesize={self.page_size}"}
        )


def service_health_backend(**overrides) -> ServiceHealthBackend:
    options = {**settings.CSPDESK["SERVICE_HEALTH"], **overrides}
    path = options.pop("BACKEND")
    options.pop("SYNC_SECONDS", None)
    return import_string(path)(**{key.lower(): value for key, value in options.items()})
