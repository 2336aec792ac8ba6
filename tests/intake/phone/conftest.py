import copy
import hashlib
import hmac
import json
import time
from urllib.parse import urlencode

import pytest
from django.core.cache import cache

from cspdesk.intake.phone.adapters.generic import generic_signature
from cspdesk.intake.phone.adapters.mango import mango_sign
from cspdesk.intake.phone.adapters.zadarma import zadarma_signature

GENERIC_SECRET = "generic-test-secret"
MANGO_KEY, MANGO_SALT = "mango-key-123", "mango-salt-456"
ZADARMA_SECRET = "zadarma-secret-789"


@pytest.fixture(autouse=True)
def phone_settings(settings):
    conf = copy.deepcopy(settings.CSPDESK)
    phone = conf["PHONE"]
    phone["ENABLED"] = ["generic", "mango", "zadarma"]
    phone["BACKENDS"]["generic"]["SECRET"] = GENERIC_SECRET
    phone["BACKENDS"]["mango"].update(API_KEY=MANGO_KEY, API_SALT=MANGO_SALT)
    phone["BACKENDS"]["zadarma"]["SECRET"] = ZADARMA_SECRET
    settings.CSPDESK = conf
    cache.clear()
    return phone


class Pbx:
    """Posts as each provider does, signed as each provider signs (or not, when told). Each request's
    commit is played out (the test's own transaction never commits): what it enqueued on commit runs, as
    the worker would run it (the tasks are immediate in tests)."""

    def __init__(self, client, on_commit=None):
        self.client = client
        self.on_commit = on_commit

    def _post(self, *args, **kwargs):
        if self.on_commit is None:
            return self.client.post(*args, **kwargs)
        with self.on_commit(execute=True):
            return self.client.post(*args, **kwargs)

    def generic(self, payload: dict, *, secret=GENERIC_SECRET, stamp=None, body=None):
        body = body if body is not None else json.dumps(payload).encode()
        stamp = str(int(time.time()) if stamp is None else stamp)
        return self._post(
            "/phone/generic/",
            body,
            content_type="application/json",
            headers={
                "X-Cspdesk-Timestamp": stamp,
                "X-Cspdesk-Signature": generic_signature(secret, stamp, body),
            },
        )

    def mango(self, action: str, data: dict, *, salt=MANGO_SALT, tamper=None):
        text = json.dumps(data)
        sign = mango_sign(MANGO_KEY, text, salt)
        if tamper:
            text = tamper(text)
        body = urlencode({"vpbx_api_key": MANGO_KEY, "sign": sign, "json": text})
        return self._post(
            f"/phone/mango/events/{action}", body, content_type="application/x-www-form-urlencoded"
        )

    def zadarma(self, fields: dict, *, secret=ZADARMA_SECRET, tamper=None):
        signature = zadarma_signature(secret, fields)
        if tamper:
            fields = {**fields, **tamper}
        return self._post(
            "/phone/zadarma/",
            urlencode(fields),
            content_type="application/x-www-form-urlencoded",
            headers={"Signature": signature},
        )


@pytest.fixture
def pbx(client, db, django_capture_on_commit_callbacks):
    return Pbx(client, django_capture_on_commit_callbacks)


def zadarma_reference_signature(secret: str, text: str) -> str:
    """Zadarma's own PHP: base64_encode(hash_hmac('sha1', $text, $secret)) — hex, then base64."""
    import base64

    return base64.b64encode(
        hmac.new(secret.encode(), text.encode(), hashlib.sha1).hexdigest().encode()
    ).decode()
