"""A local double of Microsoft Entra ID for the IMAP XOAUTH2 path: the OpenID discovery document and the
client-credentials token endpoint over HTTPS (MSAL accepts nothing else), with a throw-away CA, plus the
token introspection endpoint Dovecot's oauth2 passdb asks, over plain HTTP on loopback."""

import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from tests.tls import self_signed_certificate

TOKEN = "imap-access-token-1"


class EntraDouble:
    def __init__(self, folder: Path, *, tenant: str, client_id: str, client_secret: str, mailbox_user: str):
        self.tenant, self.client_id, self.client_secret, self.mailbox_user = (
            tenant,
            client_id,
            client_secret,
            mailbox_user,
        )
        self.token_requests: list[dict] = []
        self.ca_bundle, key = self_signed_certificate(folder)
        self.https = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.ca_bundle, key)
        self.https.socket = context.wrap_socket(self.https.socket, server_side=True)
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.authority_host = f"https://127.0.0.1:{self.https.server_address[1]}"
        self.introspection_url = f"http://127.0.0.1:{self.http.server_address[1]}/introspect"
        for server in (self.https, self.http):
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        for server in (self.https, self.http):
            server.shutdown()
            server.server_close()

    def _handler(self):
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _json(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                base = f"{double.authority_host}/{double.tenant}"
                if self.path.startswith(f"/{double.tenant}/v2.0/.well-known/openid-configuration"):
                    return self._json(
                        200,
                        {
                            "issuer": f"{base}/v2.0",
                            "token_endpoint": f"{base}/oauth2/v2.0/token",
                            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                        },
                    )
                return self._json(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path == f"/{double.tenant}/oauth2/v2.0/token":
                    double.token_requests.append(form)
                    ok = (
                        form.get("grant_type") == "client_credentials"
                        and form.get("client_id") == double.client_id
                        and form.get("client_secret") == double.client_secret
                        and "https://outlook.office365.com/.default" in form.get("scope", "")
                    )
                    if not ok:
                        return self._json(
                            401, {"error": "invalid_client", "error_description": "AADSTS7000215"}
                        )
                    return self._json(
                        200, {"token_type": "Bearer", "expires_in": 3599, "access_token": TOKEN}
                    )
                if self.path == "/introspect":
                    if form.get("token") == TOKEN:
                        return self._json(200, {"active": True, "upn": double.mailbox_user})
                    return self._json(200, {"active": False})
                return self._json(404, {"error": "not_found"})

        return Handler
