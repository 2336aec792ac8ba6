"""A local double of Microsoft's documented contracts for vendor cases (contracts/microsoft-apis.md):
the Entra ID token endpoint MSAL calls, the Azure Support REST API (ticket create as a long-running
operation, get, communications paged by nextLink) and Partner Center service requests (get, list, PATCH).
HTTPS on 127.0.0.1 with a throwaway certificate, an ephemeral port.

``script[(method, path)]`` makes a path answer first with 429 + Retry-After, 5xx, a stall (longer than the
adapter's timeout) or malformed JSON."""

import json
import ssl
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from tests.tls import self_signed_certificate

TOKEN = "vendor-double-token"
PREFIX = "/subscriptions/"
_SERVICES = "/providers/Microsoft.Support/services"
# Azure support services and their problem classifications (contract §6.9; display names and the first
# ids from the documented examples): service guid → (name, [(classification guid, name)]).
SUPPORT_SERVICES = {
    "06bfd9d3-516b-d5c6-5802-169c800dec89": (
        "Virtual Machine running Windows",
        [
            ("e12e3d1d-7fa0-af33-c6d0-3c50df9658a3", "Cannot connect to my VM / Connectivity"),
            ("b4d8a1c2-2f0e-4c4a-9d1e-0f6a7b3c2d11", "VM start, stop or restart / VM does not start"),
        ],
    ),
    "517f2da6-78fd-0498-4e22-ad26996b1dfc": (
        "Billing",
        [("3ec1a070-bd8e-4c1b-9e2a-7f0c5f0b7a55", "Reservation Management / Exchanges and Refunds")],
    ),
}


class MicrosoftDouble:
    def __init__(self, *, port: int = 0, certificate_hours: int = 1):
        self.tickets: dict[tuple[str, str], dict] = {}  # (subscription, name) → ticket resource
        self.communications: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.operations: dict[str, dict] = {}
        self.service_requests: dict[str, dict] = {}
        self.customer_requests: dict[str, list[str]] = defaultdict(list)
        self.script: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.requests: list[dict] = []
        self.polls_before_done = 1
        self.operation_outcome = "Succeeded"
        self.next_case_number = 2611270010000001
        self.communications_page = 2
        self.token_requests = 0
        self.health_issues: list[dict] = []
        self.health_page = 2
        self.support_services = dict(SUPPORT_SERVICES)
        self._tmp = tempfile.TemporaryDirectory()
        self.ca_bundle, key = self_signed_certificate(Path(self._tmp.name), hours=certificate_hours)
        handler = type("Handler", (_Handler,), {"double": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca_bundle, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # a client that gave up (timeout tests)
        self.url = f"https://127.0.0.1:{self.server.server_port}"

    def __enter__(self):
        self.server_thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.server_thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self._tmp.cleanup()

    def options(self, **extra) -> dict:
        return {
            "BASE_URL": self.url,
            "AUTHORITY": self.url,
            "TENANT": "partner-tenant",
            "CLIENT_ID": "client-id",
            "CLIENT_SECRET": "client-secret",
            "CA_BUNDLE": str(self.ca_bundle),
            "TIMEOUT_SECONDS": 1.0,
            "MAX_ATTEMPTS": 3,
            "BACKOFF_SECONDS": 0.01,
            "POLL_LIMIT_SECONDS": 5.0,
            "SERVICE_ID": "/providers/Microsoft.Support/services/06bfd9d3-516b-d5c6-5802-169c800dec89",
            "PROBLEM_CLASSIFICATION_ID": "/providers/Microsoft.Support/services/06bfd9d3-516b-d5c6-5802-"
            "169c800dec89/problemClassifications/e12e3d1d-7fa0-af33-c6d0-3c50df9658a3",
            **extra,
        }

    def issue_add(
        self, issue_id: str, service: str, *, status="ServiceInterruption", resolved=False, title=""
    ):
        """A Graph serviceHealthIssue in the PascalCase the documented examples answer with."""
        self.health_issues.append(
            {
                "id": issue_id,
                "title": title or f"Users can't use {service}",
                "service": service,
                "classification": "Incident",
                "origin": "Microsoft",
                "status": status,
                "isResolved": resolved,
                "impactDescription": f"Users may be unable to use {service}.",
                "startDateTime": "2026-11-27T06:30:00Z",
                "lastModifiedDateTime": "2026-11-27T07:10:00Z",
                "details": [{"name": "NotifyInApp", "value": "True"}],
                "posts": [
                    {
                        "createdDateTime": "2026-11-27T07:10:00Z",
                        "postType": "Regular",
                        "description": {"contentType": "Html", "content": "We're investigating."},
                    }
                ],
            }
        )

    def communication_add(
        self, subscription: str, name: str, *, subject: str, body: str, sender: str
    ) -> None:
        items = self.communications[(subscription, name)]
        items.append(
            {
                "id": f"{PREFIX}{subscription}/providers/Microsoft.Support/supportTickets/{name}"
                f"/communications/c{len(items)}",
                "name": f"c{len(items)}",
                "type": "Microsoft.Support/communications",
                "properties": {
                    "communicationType": "web",
                    "communicationDirection": "outbound",
                    "sender": sender,
                    "subject": subject,
                    "body": body,
                    "createdDate": f"2026-11-27T1{len(items)}:00:00Z",
                },
            }
        )

    def case_update(self, number: str, data: dict) -> tuple[int, dict]:
        """Microsoft writes on a case: an Azure ticket with this ``supportTicketId`` gets a communication,
        any other number is a Partner Center service request (made when missing) and gets a note.
        ``status`` ("Closed") closes it."""
        text = str(data.get("text") or "We are looking into it.")
        status = str(data.get("status") or "")
        for (subscription, name), ticket in self.tickets.items():
            if ticket["properties"]["supportTicketId"] == number:
                self.communication_add(
                    subscription,
                    name,
                    subject=str(data.get("subject") or "Update from Microsoft"),
                    body=text,
                    sender="support@microsoft.example",
                )
                if status:
                    ticket["properties"]["status"] = status
                return 200, ticket
        item = self.service_requests.get(number) or self.service_request(number, notes=())
        item["notes"].append(
            {
                "createdByName": "Microsoft Support",
                "createdDate": f"2026-11-27T13:{len(item['notes']):02d}:00Z",
                "text": text,
            }
        )
        if status:
            item["status"] = status.lower()
        return 200, item

    def service_request(
        self, number: str, *, status="open", severity="critical", notes=(), customer=""
    ) -> dict:
        item = {
            "title": "Mailbox down",
            "severity": severity,
            "id": number,
            "status": status,
            "createdDate": "2026-11-27T09:00:00Z",
            "lastClosedDate": "0001-01-01T00:00:00",
            "notes": [
                {"createdByName": author, "createdDate": at, "text": text} for author, at, text in notes
            ],
            "attributes": {"objectType": "ServiceRequest"},
        }
        self.service_requests[number] = item
        if customer:
            self.customer_requests[customer].append(number)
        return item


class _Handler(BaseHTTPRequestHandler):
    double: MicrosoftDouble
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, body=None, headers: dict | None = None) -> None:
        raw = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(raw)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _record(self, method: str, path: str, body: bytes) -> None:
        self.double.requests.append(
            {
                "method": method,
                "path": path,
                "headers": dict(self.headers.items()),
                "body": body,
                "at": time.monotonic(),
            }
        )

    def _scripted(self, method: str, path: str) -> bool:
        answers = self.double.script.get((method, path))
        if not answers:
            return False
        answer = answers.pop(0)
        if answer == "throttle":
            self._send(
                429, {"error": {"code": "TooManyRequests", "message": "slow down"}}, {"Retry-After": "1"}
            )
        elif answer == "500":
            self._send(500, {"error": {"code": "InternalServerError", "message": "oops"}})
        elif answer == "malformed":
            self._send(200, b'{"properties": {')
        elif answer == "stall":
            time.sleep(1.5)
            self._send(200, {})
        elif answer == "support_plan":
            self._send(
                400,
                {"error": {"code": "SupportPlanNotEligible", "message": "Your support plan type is CSP."}},
            )
        else:
            return False
        return True

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, {"error": {"code": "InvalidAuthenticationToken", "message": "no token"}})
            return False
        return True

    def do_POST(self):
        body = self._body()
        if self.path.startswith("/_double/"):
            self._control(urlparse(self.path).path.strip("/").split("/")[1:], body)
            return
        form = parse_qs(body.decode())
        if self.path.endswith("/oauth2/v2.0/token") and form.get("grant_type") == ["client_credentials"]:
            self.double.token_requests += 1
            if form.get("client_secret") == ["client-secret"]:
                self._send(200, {"token_type": "Bearer", "expires_in": 3600, "access_token": TOKEN})
            else:
                self._send(401, {"error": "invalid_client", "error_description": "AADSTS7000215: bad secret"})
            return
        self._send(404, {"error": {"code": "NotFound", "message": "no such operation"}})

    def do_PUT(self):
        url = urlparse(self.path)
        body = self._body()
        self._record("PUT", url.path, body)
        if not self._authorised() or self._scripted("PUT", url.path):
            return
        parts = url.path.strip("/").split("/")
        if len(parts) == 8 and parts[0] == "subscriptions" and parts[6] == "communications":
            self._communication_create((parts[1], parts[5]), parts[7], body)
            return
        if len(parts) == 6 and parts[0] == "subscriptions" and parts[4] == "supportTickets":
            try:
                properties = json.loads(body)["properties"]
            except (ValueError, KeyError):
                self._send(400, {"error": {"code": "BadRequest", "message": "properties required"}})
                return
            required = (
                "serviceId",
                "problemClassificationId",
                "title",
                "description",
                "severity",
                "contactDetails",
            )
            missing = [name for name in required if not properties.get(name)]
            if missing:
                self._send(400, {"error": {"code": "BadRequest", "message": f"missing {missing}"}})
                return
            subscription, name = parts[1], parts[5]
            operation = uuid.uuid4().hex
            self.double.operations[operation] = {
                "polls": 0,
                "key": (subscription, name),
                "properties": properties,
            }
            base = f"{self.double.url}/subscriptions/{subscription}/providers/Microsoft.Support"
            self._send(
                202,
                None,
                {
                    "Location": f"{base}/operationResults/{operation}?api-version=2024-04-01",
                    "Azure-AsyncOperation": f"{base}/operationsStatus/{operation}?api-version=2024-04-01",
                    "Retry-After": "0",
                },
            )
            return
        self._send(404, {"error": {"code": "NotFound", "message": url.path}})

    def _control(self, parts: list[str], body: bytes) -> None:
        """What Microsoft does on its side, for a person trying the desk (``python -m tests.vendor.double``):
        an incident starts or ends, a case gets an update. No token: the double listens on loopback only."""
        try:
            data = json.loads(body or b"{}")
            if not isinstance(data, dict):
                raise ValueError
        except ValueError:
            self._send(400, {"error": "the body is not a JSON object"})
            return
        double = self.double
        if parts == ["issues"]:
            service = str(data.get("service") or "Exchange Online")
            issue_id = str(data.get("id") or f"EX{100000 + len(double.health_issues)}")
            double.issue_add(issue_id, service, title=str(data.get("title") or ""))
            self._send(201, double.health_issues[-1])
        elif len(parts) == 3 and parts[0] == "issues" and parts[2] == "resolve":
            found = [issue for issue in double.health_issues if issue["id"] == parts[1]]
            for issue in found:
                issue.update(isResolved=True, status="ServiceRestored")
            self._send(200 if found else 404, found[0] if found else {"error": "no such issue"})
        elif len(parts) == 3 and parts[0] == "cases" and parts[2] == "updates":
            self._send(*double.case_update(parts[1], data))
        else:
            self._send(404, {"error": "unknown control path"})

    def do_PATCH(self):
        url = urlparse(self.path)
        body = self._body()
        self._record("PATCH", url.path, body)
        if not self._authorised() or self._scripted("PATCH", url.path):
            return
        parts = url.path.strip("/").split("/")
        if (
            parts[:2] == ["v1", "servicerequests"]
            and len(parts) == 3
            and parts[2] in self.double.service_requests
        ):
            change = json.loads(body or b"{}")
            item = self.double.service_requests[parts[2]]
            note = (change.get("NewNote") or {}).get("Text")
            if note:
                item["notes"].append(
                    {"createdByName": "Partner", "createdDate": "2026-11-27T12:00:00Z", "text": note}
                )
            self._send(200, item)
            return
        self._send(404, {"code": "1000", "description": "not found"})

    def do_GET(self):
        url = urlparse(self.path)
        if url.path.endswith("/.well-known/openid-configuration"):
            base = f"{self.double.url}/partner-tenant"
            self._send(
                200,
                {
                    "token_endpoint": f"{base}/oauth2/v2.0/token",
                    "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                    "issuer": f"{base}/v2.0",
                },
            )
            return
        self._record("GET", url.path, b"")
        if not self._authorised() or self._scripted("GET", url.path):
            return
        parts = url.path.strip("/").split("/")
        query = parse_qs(url.query)
        if "/".join(parts[:3]) == _SERVICES.strip("/") and len(parts) in (3, 5):
            self._support_services(parts[3:])
        elif parts[:3] == ["v1.0", "admin", "serviceAnnouncement"] and len(parts) == 4:
            self._graph(parts[3], int((query.get("$skip") or ["0"])[0]))
        elif parts[:2] == ["v1", "servicerequests"] and len(parts) == 3:
            item = self.double.service_requests.get(parts[2])
            self._send(200 if item else 404, item or {"code": "1000", "description": "not found"})
        elif parts[:2] == ["v1", "customers"] and len(parts) == 4 and parts[3] == "servicerequests":
            items = [self.double.service_requests[n] for n in self.double.customer_requests.get(parts[2], [])]
            self._send(
                200, {"totalCount": len(items), "items": items, "attributes": {"objectType": "Collection"}}
            )
        elif len(parts) == 6 and parts[4] in ("operationsStatus", "operationResults"):
            self._operation(parts[5])
        elif len(parts) == 6 and parts[4] == "supportTickets":
            ticket = self.double.tickets.get((parts[1], parts[5]))
            if ticket is None:
                self._send(404, {"error": {"code": "ResourceNotFound", "message": "no such ticket"}})
            else:
                self._send(200, ticket)
        elif len(parts) == 7 and parts[6] == "communications":
            self._communications((parts[1], parts[5]), int((query.get("skip") or ["0"])[0]))
        else:
            self._send(404, {"error": {"code": "NotFound", "message": url.path}})

    def _communication_create(self, key, name: str, body: bytes) -> None:
        """§6.8: subject and body required, sender when a service principal calls (the desk always sends)."""
        if key not in self.double.tickets:
            self._send(404, {"error": {"code": "ResourceNotFound", "message": "no such ticket"}})
            return
        try:
            properties = json.loads(body)["properties"]
        except (ValueError, KeyError, TypeError):
            self._send(400, {"error": {"code": "BadRequest", "message": "properties required"}})
            return
        missing = [field for field in ("subject", "body", "sender") if not properties.get(field)]
        if missing:
            self._send(400, {"error": {"code": "BadRequest", "message": f"missing {missing}"}})
            return
        items = self.double.communications[key]
        item = {
            "id": f"{PREFIX}{key[0]}/providers/Microsoft.Support/supportTickets/{key[1]}"
            f"/communications/{name}",
            "name": name,
            "type": "Microsoft.Support/communications",
            "properties": {
                "communicationType": "web",
                "communicationDirection": "inbound",
                "sender": properties["sender"],
                "subject": properties["subject"],
                "body": properties["body"],
                "createdDate": "2026-11-27T12:30:00Z",
            },
        }
        items.append(item)
        self._send(200, item)

    def _operation(self, operation: str) -> None:
        state = self.double.operations.get(operation)
        if state is None:
            self._send(404, {"error": {"code": "NotFound", "message": "operation"}})
            return
        state["polls"] += 1
        if state["polls"] <= self.double.polls_before_done:
            self._send(200, {"status": "InProgress"}, {"Retry-After": "0"})
            return
        if self.double.operation_outcome != "Succeeded":
            self._send(
                200,
                {
                    "status": self.double.operation_outcome,
                    "error": {"code": "SupportPlanNotEligible", "message": "Your support plan type is CSP."},
                },
            )
            return
        subscription, name = state["key"]
        if (subscription, name) not in self.double.tickets:
            number = str(self.double.next_case_number)
            self.double.next_case_number += 1
            self.double.tickets[(subscription, name)] = {
                "id": f"/subscriptions/{subscription}/providers/Microsoft.Support/supportTickets/{name}",
                "name": name,
                "type": "Microsoft.Support/supportTickets",
                "properties": {
                    **state["properties"],
                    "supportTicketId": number,
                    "status": "Open",
                    "createdDate": "2026-11-27T10:00:00Z",
                },
            }
        self._send(200, {"status": "Succeeded"})

    def _communications(self, key, skip: int) -> None:
        if key not in self.double.tickets:
            self._send(404, {"error": {"code": "ResourceNotFound", "message": "no such ticket"}})
            return
        items = self.double.communications[key]
        size = self.double.communications_page
        body = {"value": items[skip : skip + size]}
        if skip + size < len(items):
            subscription, name = key
            body["nextLink"] = (
                f"{self.double.url}/subscriptions/{subscription}/providers/Microsoft.Support/supportTickets/"
                f"{name}/communications?api-version=2024-04-01&skip={skip + size}"
            )
        self._send(200, body)

    def _support_services(self, rest: list[str]) -> None:
        services = self.double.support_services
        if not rest:
            value = [
                {
                    "id": f"{_SERVICES}/{guid}",
                    "name": guid,
                    "type": "Microsoft.Support/services",
                    "properties": {"displayName": name, "resourceTypes": []},
                }
                for guid, (name, _classes) in services.items()
            ]
            self._send(200, {"value": value})
        elif rest[1] == "problemClassifications" and rest[0] in services:
            value = [
                {
                    "id": f"{_SERVICES}/{rest[0]}/problemClassifications/{guid}",
                    "name": guid,
                    "type": "Microsoft.Support/problemClassifications",
                    "properties": {"displayName": name, "secondaryConsentEnabled": []},
                }
                for guid, name in services[rest[0]][1]
            ]
            self._send(200, {"value": value})
        else:
            self._send(404, {"error": {"code": "NotFound", "message": "no such service"}})

    def _graph(self, collection: str, skip: int) -> None:
        if collection == "healthOverviews":
            issues = self.double.health_issues
            services = sorted({issue["service"] for issue in issues} | {"Exchange Online", "Microsoft Teams"})
            status = {i["service"]: i["status"] for i in issues if not i["isResolved"]}
            value = [
                {"id": name.split()[-1], "service": name, "status": status.get(name, "ServiceOperational")}
                for name in services
            ]
            self._send(200, {"value": value})
            return
        if collection != "issues":
            self._send(404, {"error": {"code": "itemNotFound", "message": collection}})
            return
        size = self.double.health_page
        body = {"value": self.double.health_issues[skip : skip + size]}
        if skip + size < len(self.double.health_issues):
            body["@odata.nextLink"] = (
                f"{self.double.url}/v1.0/admin/serviceAnnouncement/issues?$skip={skip + size}"
            )
        self._send(200, body)
