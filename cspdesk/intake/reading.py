"""Reading a stored message: the parse in its helper process, within its time, and the agents' note when
the message cannot be shown as it was written."""

import dataclasses
import logging

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cspdesk.intake.mail import html
from cspdesk.intake.mail.isolation import ParseTimeout, parse_mail_isolated
from cspdesk.intake.mail.parse import MAX_TEXT_CHARS, Limits, ParsedMail
from cspdesk.workflows.mail import MailAttachment

logger = logging.getLogger(__name__)


def parse_seconds(size: int) -> float:
    """How long parsing a message may take: the setting, and a second more for every 5 MiB (large
    attachments are decoded and copied)."""
    return settings.CSPDESK["MAIL_PARSE_SECONDS"] + size / (5 * 1024 * 1024)


def mail_parse(raw: bytes, limits: Limits, inbound_id: int) -> ParsedMail:
    """Parses in the helper process, which is killed when it runs out of time. The HTML sanitiser is
    what has run long before, so the second try flattens the HTML instead; a second time-out quarantines
    the message (ParseTimeout)."""
    seconds = parse_seconds(len(raw))
    try:
        return parse_mail_isolated(raw, limits, seconds=seconds)
    except ParseTimeout as error:
        logger.warning("inbound mail %s: %s; parsing again with its HTML flattened", inbound_id, error)
    return parse_mail_isolated(raw, dataclasses.replace(limits, render_html=False), seconds=seconds)


def mail_notes(mail: ParsedMail, raw: bytes, inbound_id: int) -> tuple[list[str], MailAttachment | None]:
    """The agents' note on a message that is not shown as it was written, and the original to attach."""
    with translation.override(settings.LANGUAGE_CODE):
        notes = []
        reason = mail.html_flattened
        if reason == "size":
            limit = number_format(html.MAX_HTML_CHARS, force_grouping=True)
            notes.append(
                _("The HTML part of this message is longer than %(limit)s characters.") % {"limit": limit}
            )
        elif reason == "elements":
            limit = number_format(html.MAX_HTML_ELEMENTS, force_grouping=True)
            notes.append(
                _("The HTML part of this message has more than %(limit)s elements.") % {"limit": limit}
            )
        elif reason == "time":
            notes.append(_("The HTML part of this message took too long to read."))
        if reason:
            notes.append(_("It is shown as plain text, without its formatting."))
        if mail.text_truncated:
            limit = number_format(MAX_TEXT_CHARS, force_grouping=True)
            notes.append(
                _("The text is longer than %(limit)s characters; only its beginning is shown.")
                % {"limit": limit}
            )
        if not notes:
            return [], None
        if len(raw) <= settings.CSPDESK["MAIL_MAX_ATTACHMENT_BYTES"]:
            notes.append(_("The original message is attached to this note."))
            return notes, MailAttachment("original-message.eml", "message/rfc822", raw)
        notes.append(
            _("The original message is kept under Incoming mail, number %(id)s.") % {"id": inbound_id}
        )
        return notes, None
