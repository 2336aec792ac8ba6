"""A local double of Microsoft Entra ID for the IMAP XOAUTH2 path: the OpenID discovery document and the
client-credentials token endpoint over HTTPS (MSAL accepts nothing else), with a throw-away CA, plus the
token introspection endpoint Dovecot's oauth2 passdb asks, over plain HTTP on loopback."""

import datetime
import ipaddress
import json
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

TOKEN = "imap-access-token-1"


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1: it is its own CA, handed to the client as its bundle."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "entra.pem", folder / "entra.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


class EntraDouble:
    def __init__(self, folder: Path, *, tenant: str, client_id: str, client_secret: str, mailbox_user: str):
        self.tenant, self.client_id, self.client_secret, self.mailbox_user = (
            tenant,
            client_id,
            client_secret,
            mailbox_user,
        )
        self.token_requests: list[dict] = []
        self.ca_bundle, key = _certificate(folder)
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
