"""A mail backend for a desk without an SMTP relay (`make run`): each message becomes an .eml file in a
folder, so a new user can open what the desk sent."""

from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmlDirectoryBackend(BaseEmailBackend):
    def __init__(self, *, directory: str | None = None, **kwargs):
        super().__init__(**kwargs)
        from django.conf import settings

        self.directory = Path(directory or settings.VAR_DIR / "mail")

    def send_messages(self, email_messages) -> int:
        self.directory.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            raw = message.message().as_bytes()
            message_id = message.extra_headers.get("Message-ID", "").strip("<>").replace("/", "_")
            (self.directory / f"{message_id or id(message)}.eml").write_bytes(raw)
            sent += 1
        return sent
