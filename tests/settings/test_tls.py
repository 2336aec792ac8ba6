"""TLS deployment by environment: CSPDESK_HTTPS=1 turns on the redirect, secure cookies and HSTS;
CSPDESK_BEHIND_TLS_PROXY trusts the proxy's scheme header (never by default); `cspdesk check --deploy`
is clean with them on."""

import os
import runpy
import secrets
import subprocess
from pathlib import Path

import pytest
from django.test import Client, override_settings

import cspdesk.settings
from tests.commands import CSPDESK

YEAR = 365 * 24 * 3600


def _settings(monkeypatch, tmp_path, **environment: str) -> dict:
    """cspdesk/settings/base.py as it reads this environment (a fresh run of the module, nothing else)."""
    for name in [name for name in os.environ if name.startswith("CSPDESK_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("CSPDESK_HOME", str(tmp_path))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(cspdesk.settings.__file__).with_name("base.py")))


def test_nothing_is_forced_on_a_local_desk(monkeypatch, tmp_path):
    settings = _settings(monkeypatch, tmp_path)
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert (settings["SESSION_COOKIE_SECURE"], settings["CSRF_COOKIE_SECURE"]) == (False, False)
    assert settings["SECURE_HSTS_SECONDS"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in settings


def test_one_switch_turns_on_https(monkeypatch, tmp_path):
    settings = _settings(monkeypatch, tmp_path, CSPDESK_HTTPS="1")
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert (settings["SESSION_COOKIE_SECURE"], settings["CSRF_COOKIE_SECURE"]) == (True, True)
    assert settings["SECURE_HSTS_SECONDS"] == YEAR
    assert settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings["SECURE_HSTS_PRELOAD"] is False  # the domain owner's commitment, never implied
    assert "SECURE_PROXY_SSL_HEADER" not in settings  # a forged X-Forwarded-Proto is not believed


def test_each_part_can_be_set_on_its_own(monkeypatch, tmp_path):
    settings = _settings(
        monkeypatch,
        tmp_path,
        CSPDESK_HTTPS="1",
        CSPDESK_SSL_REDIRECT="0",
        CSPDESK_HSTS_SECONDS="600",
        CSPDESK_HSTS_INCLUDE_SUBDOMAINS="0",
        CSPDESK_HSTS_PRELOAD="1",
        CSPDESK_BEHIND_TLS_PROXY="1",
        CSPDESK_TLS_PROXY_HEADER="X-Forwarded-Scheme",
    )
    assert settings["SECURE_SSL_REDIRECT"] is False
    assert (settings["SECURE_HSTS_SECONDS"], settings["SECURE_HSTS_INCLUDE_SUBDOMAINS"]) == (600, False)
    assert settings["SECURE_HSTS_PRELOAD"] is True
    assert settings["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_SCHEME", "https")


@pytest.mark.django_db
def test_with_https_on_plain_http_is_redirected_and_https_is_told_to_stay(monkeypatch, tmp_path):
    on = _settings(monkeypatch, tmp_path, CSPDESK_HTTPS="1", CSPDESK_BEHIND_TLS_PROXY="1")
    names = [
        "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT", "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
    ]  # fmt: skip
    with override_settings(**{name: on[name] for name in names}):
        client = Client()
        plain = client.get("/kb/")
        assert plain.status_code == 301 and plain["Location"] == "https://testserver/kb/"
        # A load balancer's health probe over plain HTTP is answered, not redirected.
        assert client.get("/healthz").status_code == 200
        proxied = client.get("/kb/", headers={"X-Forwarded-Proto": "https"})
        assert proxied.status_code == 200
        assert proxied["Strict-Transport-Security"] == f"max-age={YEAR}; includeSubDomains"
        form = client.get("/portal/sign-in/", headers={"X-Forwarded-Proto": "https"})
        assert form.cookies["csrftoken"]["secure"] is True


def _deploy_check(tmp_path, **environment: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith(("CSPDESK_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="cspdesk.settings.base",
        CSPDESK_HOME=str(tmp_path),
        CSPDESK_SECRET_KEY=secrets.token_urlsafe(50),
        CSPDESK_ALLOWED_HOSTS="desk.example.com",
        **environment,
    )
    return subprocess.run(
        [CSPDESK, "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_deploy_check_is_clean_with_tls_on(tmp_path):
    done = _deploy_check(tmp_path, CSPDESK_HTTPS="1", CSPDESK_HSTS_PRELOAD="1", CSPDESK_BEHIND_TLS_PROXY="1")
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_the_deploy_check_names_what_is_missing_without_it(tmp_path):
    done = _deploy_check(tmp_path)
    assert done.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr
    # CSPDESK_HTTPS alone leaves one decision to the domain's owner: preloading.
    https = _deploy_check(tmp_path, CSPDESK_HTTPS="1")
    assert "security.W021" in https.stderr
    assert https.stderr.count("(security.W") == 1, https.stderr
