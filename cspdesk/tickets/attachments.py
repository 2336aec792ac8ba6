"""Files on a message, stored once per content (the path is the SHA-256), whichever way they came: an
e-mail's parts or an agent's upload with a reply."""

import hashlib
from collections.abc import Iterable

from django.core.files.base import ContentFile

from cspdesk.tickets.models import Attachment, Message


def attachments_store(message: Message, files: Iterable[tuple[str, str, bytes]]) -> list[Attachment]:
    """``files`` are (file name, content type, content)."""
    stored = []
    for filename, content_type, content in files:
        digest = hashlib.sha256(content).hexdigest()
        attachment = Attachment(
            message=message,
            filename=filename[:255],
            content_type=(content_type or "application/octet-stream")[:255],
            size=len(content),
            sha256=digest,
        )
        attachment.file.save(digest, ContentFile(content), save=False)
        attachment.save()
        stored.append(attachment)
    return stored
