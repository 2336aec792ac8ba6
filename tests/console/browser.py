"""Helpers for the console's browser tests (Debian's Chromium through Playwright)."""

from pathlib import Path

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(settings.VAR_DIR) / "test-artifacts" / "console"


def sign_in(page, live_server, username="engineer"):
    page.goto(f"{live_server.url}/console/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-word-123")
    page.click(".login button[type=submit]")
    page.wait_for_url(f"{live_server.url}/console/")
