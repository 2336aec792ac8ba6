"""Mail loop and bounce protection (RFC 3834): when the desk must not answer a message automatically.

Pure functions over a ParsedMail; the per-sender rate limit, which needs history, is in intake.services.
"""

import re

from cspdesk.intake.mail.parse import ParsedMail

_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_ROBOT_SENDERS = re.compile(r"^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", re.I)
_OUT_OF_OFFICE_SUBJECT = re.compile(
    r"^(automatic reply|auto(matic)?[- ]?reply|autoreply|out of (the )?office|abwesenheitsnotiz|"
    r"автоответ|автоматический ответ|нет на месте|вне офиса|в отпуске)",
    re.I,
)


def auto_reply_refusal(mail: ParsedMail, own_addresses: set[str]) -> str | None:
    """Why no automatic reply may go to this message, or None when one may."""
    headers = mail.auto_headers
    auto_submitted = headers.get("auto-submitted", "").strip().lower()
    if auto_submitted and not auto_submitted.startswith("no"):
        return "auto_submitted"
    if headers.get("precedence", "").strip().lower() in _BULK_PRECEDENCE:
        return "precedence"
    if any(name in headers for name in ("x-autoreply", "x-autorespond", "x-autoresponder")):
        return "autoreply_header"
    if "x-auto-response-suppress" in headers:
        return "auto_response_suppress"
    if "list-id" in headers or "list-unsubscribe" in headers:
        return "mailing_list"
    if mail.is_report:
        return "delivery_report"
    if headers.get("return-path", "").strip() == "<>":
        return "null_sender"
    if not mail.from_address or _ROBOT_SENDERS.match(mail.from_address):
        return "robot_sender"
    if mail.from_address.lower() in own_addresses:
        return "own_address"
    return None


def is_out_of_office(mail: ParsedMail) -> bool:
    auto_submitted = mail.auto_headers.get("auto-submitted", "").lower()
    if "auto-replied" in auto_submitted:
        return True
    if any(name in mail.auto_headers for name in ("x-autoreply", "x-autorespond", "x-autoresponder")):
        return True
    return bool(_OUT_OF_OFFICE_SUBJECT.match(mail.subject.strip()))


def is_bounce(mail: ParsedMail) -> bool:
    return mail.is_report or bool(mail.from_address and _ROBOT_SENDERS.match(mail.from_address))
