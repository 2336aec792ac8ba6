"""A local double of the Partner Center REST contract (../shared/contracts/microsoft-apis.md §1-3) on
127.0.0.1, over HTTPS with a throwaway certificate, with the Entra ID token endpoint that MSAL calls.

Pages carry ``links.next`` with an ``MS-ContinuationToken`` header; ``script`` makes a path answer with
429 + Retry-After, 5xx, a timeout (a stall) or malformed JSON before (or instead of) the real answer.
"""

import base64
import json
import ssl
import tempfile
import threading
import time
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from tests.tls import self_signed_certificate

TOKEN = "double-access-token"


def customer(tenant_id: str, domain: str, name: str, *, reseller: str | None = None, custom=()) -> dict:
    return {
        "id": tenant_id,
        "companyProfile": {"tenantId": tenant_id, "domain": domain, "companyName": name},
        "relationshipToPartner": "reseller",
        "associatedPartnerId": reseller,
        "customDomains": list(custom),
        "attributes": {"objectType": "Customer"},
    }


def subscription(sub_id: str, offer: str, quantity: int, status: str = "active", partner_id=None) -> dict:
    return {
        "id": sub_id,
        "offerId": "CFQ7TTC0LH18:0001",
        "offerName": offer,
        "friendlyName": offer,
        "quantity": quantity,
        "unitType": "Licenses",
        "creationDate": "2026-01-10T08:00:00Z",
        "effectiveStartDate": "2026-01-10T00:00:00Z",
        "commitmentEndDate": "2027-01-09T00:00:00Z",
        "status": status,
        "partnerId": partner_id,
        "attributes": {"objectType": "Subscription"},
    }


class PartnerCenterDouble:
    def __init__(self, *, customers: list[dict], subscriptions: dict[str, list[dict]], page_size: int = 2):
        self.customers = customers
        self.subscriptions = subscriptions
        self.page_size = page_size
        self.script: dict[tuple[str, int], list] = defaultdict(list)  # (path, page) → answers to give first
        self.requests: list[dict] = []
        self.token_requests = 0
        self._tmp = tempfile.TemporaryDirectory()
        self.ca_bundle, key = self_signed_certificate(Path(self._tmp.name))
        handler = type("Handler", (_Handler,), {"double": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca_bundle, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        self.url = f"https://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self._tmp.cleanup()

    def options(self, **extra) -> dict:
        """Backend options pointing at the double (as the settings would, for the real service)."""
        return {
            "base_url": self.url,
            "authority": self.url,
            "tenant": "partner-tenant",
            "client_id": "client-id",
            "client_secret": "client-secret",
            "ca_bundle": str(self.ca_bundle),
            "page_size": self.page_size,
            "backoff_seconds": 0.01,
            "timeout_seconds": 1.0,
            "max_attempts": 4,
            **extra,
        }

    def page(self, items: list, offset: int, path: str, query: str) -> dict:
        chunk = items[offset : offset + self.page_size]
        body = {"totalCount": len(items), "items": chunk, "attributes": {"objectType": "Collection"}}
        body["links"] = {"self": {"uri": path, "method": "GET", "headers": []}}
        if offset + self.page_size < len(items):
            token = base64.urlsafe_b64encode(
                json.dumps({"offset": offset + self.page_size}).encode()
            ).decode()
            body["links"]["next"] = {
                "uri": f"{path}?{query}&seekOperation=Next"
                if "seekOperation" not in query
                else f"{path}?{query}",
                "method": "GET",
                "headers": [{"key": "MS-ContinuationToken", "value": token}],
            }
        return body


class _Handler(BaseHTTPRequestHandler):
    double: PartnerCenterDouble
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body, headers: dict | None = None) -> None:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(raw)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if self.path.endswith("/oauth2/v2.0/token") and form.get("grant_type") == ["client_credentials"]:
            ok = form.get("client_secret") == ["client-secret"]
            self.double.token_requests += 1
            if ok:
                self._send(200, {"token_type": "Bearer", "expires_in": 3600, "access_token": TOKEN})
            else:
                self._send(401, {"error": "invalid_client", "error_description": "AADSTS7000215: bad secret"})
            return
        self._send(404, {"code": "1000", "description": "not found", "source": "double"})

    def do_GET(self):
        url = urlparse(self.path)
        base = f"{self.double.url}/partner-tenant"
        if url.path.endswith("/.well-known/openid-configuration"):
            self._send(
                200,
                {
                    "token_endpoint": f"{base}/oauth2/v2.0/token",
                    "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                    "issuer": f"{base}/v2.0",
                },
            )
            return
        offset = 0
        if token := self.headers.get("MS-ContinuationToken"):
            offset = json.loads(base64.urlsafe_b64decode(token))["offset"]
        page = offset // self.double.page_size
        self.double.requests.append(
            {"path": url.path, "page": page, "headers": dict(self.headers.items()), "at": time.monotonic()}
        )
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, {"code": "800001", "description": "partner token missing", "source": "double"})
            return
        scripted = self.double.script.get((url.path, page))
        if scripted:
            answer = scripted[0] if scripted[0] == "always_500" else scripted.pop(0)
            if self._scripted(answer):
                return
        parts = url.path.strip("/").split("/")
        if parts == ["v1", "customers"]:
            self._send(200, self.double.page(self.double.customers, offset, url.path, url.query))
        elif len(parts) == 3 and parts[:2] == ["v1", "customers"]:
            found = next((c for c in self.double.customers if c["id"] == parts[2]), None)
            self._send(
                200 if found else 404, found or {"code": "60003", "description": "no tenant", "source": "x"}
            )
        elif len(parts) == 4 and parts[3] == "subscriptions":
            items = self.double.subscriptions.get(parts[2], [])
            self._send(200, self.double.page(items, offset, url.path, url.query))
        else:
            self._send(404, {"code": "1000", "description": "not found", "source": "double"})

    def _scripted(self, answer) -> bool:
        if answer == "throttle":
            self._send(429, {"statusCode": 429, "message": "Rate limit is exceeded."}, {"Retry-After": "1"})
        elif answer in ("500", "always_500"):
            self._send(500, {"code": "800003", "description": "unexpected service error", "source": "double"})
        elif answer == "503":
            self._send(503, {"code": "503", "description": "unavailable", "source": "double"})
        elif answer == "malformed":
            self._send(200, b'{"totalCount": 3, "items": [')
        elif answer == "stall":
            time.sleep(1.5)  # longer than the adapter's timeout in the tests
            self._send(200, {"items": []})
        elif answer == "unauthorized":
            self._send(401, {"code": "800001", "description": "token expired", "source": "double"})
        elif answer == "forbidden":
            self._send(403, {"code": "20002", "description": "no commerce relationship", "source": "double"})
        else:
            return False
        return True
