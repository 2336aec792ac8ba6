"""A local double of the PBX command APIs the desk calls for click-to-call, on 127.0.0.1 (an ephemeral
port), checking each request's signature as the provider does:

- Mango Office VPBX ``POST /vpbx/commands/callback``: a form with ``vpbx_api_key``, ``sign`` =
  sha256(key + json + salt) and ``json`` = {command_id, from: {extension}, to_number}; answers
  ``{"result": 1000}``, or 401 ``{"result": 3102}`` for a wrong key or sign;
- Zadarma ``GET /v1/request/callback/?from=&to=`` with ``Authorization: <key>:<sign>``, sign =
  base64(hex(HMAC-SHA1(secret, method + query + md5(query)))); answers ``{"status": "success", …}``, or 401
  ``{"status": "error"}``.

``refuse`` makes the next answers a provider's own refusal (200 with an error result), ``status`` an HTTP
error, and ``stall`` a reply slower than the adapter's timeout."""

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit


class PbxApiDouble:
    def __init__(self, *, mango_key: str, mango_salt: str, zadarma_key: str, zadarma_secret: str):
        self.mango_key, self.mango_salt = mango_key, mango_salt
        self.zadarma_key, self.zadarma_secret = zadarma_key, zadarma_secret
        self.commands: list[dict] = []  # the accepted commands, as the PBX understood them
        self.refused_signatures = 0
        self.refuse = False
        self.status: int | None = None
        self.stall = 0.0
        double = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status: int, body: dict):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                fields = dict(parse_qsl(self.rfile.read(length).decode()))
                if urlsplit(self.path).path != "/vpbx/commands/callback":
                    return self._answer(404, {"result": 4001})
                double.respond(self, "mango", *double.mango_check(fields))

            def do_GET(self):
                url = urlsplit(self.path)
                if url.path != "/v1/request/callback/":
                    return self._answer(404, {"status": "error", "message": "no such method"})
                params = dict(parse_qsl(url.query))
                authorization = self.headers.get("Authorization", "")
                double.respond(self, "zadarma", *double.zadarma_check(url.path, params, authorization))

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def mango_check(self, fields: dict) -> tuple[dict | None, dict]:
        text = fields.get("json", "")
        expected = hashlib.sha256((self.mango_key + text + self.mango_salt).encode()).hexdigest()
        if fields.get("vpbx_api_key") != self.mango_key or fields.get("sign") != expected:
            return None, {"result": 3102}
        data = json.loads(text)
        command = {
            "extension": data["from"]["extension"],
            "number": data["to_number"],
            "id": data["command_id"],
        }
        return command, {"result": 1000}

    def zadarma_check(self, method: str, params: dict, authorization: str) -> tuple[dict | None, dict]:
        query = urlencode(sorted(params.items()))
        text = method + query + hashlib.md5(query.encode()).hexdigest()  # noqa: S324 (Zadarma's scheme)
        digest = hmac.new(self.zadarma_secret.encode(), text.encode(), hashlib.sha1).hexdigest()
        expected = f"{self.zadarma_key}:{base64.b64encode(digest.encode()).decode()}"
        if authorization != expected:
            return None, {"status": "error", "message": "Not authorized"}
        command = {"extension": params["from"], "number": params["to"]}
        return command, {"status": "success", "from": params["from"], "to": params["to"], "time": 1}

    def respond(self, handler, provider: str, command: dict | None, answer: dict) -> None:
        if self.stall:
            time.sleep(self.stall)
        if command is None:
            self.refused_signatures += 1
            return handler._answer(401, answer)
        if self.status:
            return handler._answer(self.status, {"error": "internal"})
        if self.refuse:
            refusal = {"result": 3200} if provider == "mango" else {"status": "error", "message": "refused"}
            return handler._answer(200, refusal)
        self.commands.append({"provider": provider, **command})
        return handler._answer(200, answer)

    def __enter__(self) -> "PbxApiDouble":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
