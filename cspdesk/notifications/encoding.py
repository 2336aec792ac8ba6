"""The outgoing message's Subject, encoded so that every mail client reads back exactly what was written.

Python's header folder (email.policy, which Django's mail uses) splits a long non-ASCII subject into
RFC 2047 encoded-words at a space and leaves that space between two encoded-words, where RFC 2047 says a
reader must drop it: "Не работает почта у всех" arrives as "Не работает почтау всех" (CPython
gh-144156, fixed after 3.14; this desk runs on 3.12). Here the space stays inside the encoded text.
"""

import base64

from django.core.mail import EmailMultiAlternatives

# RFC 2047 allows encoded-words of 75 characters; the first one may share its line with "Subject: ", and
# lines should stay within 78: whole base64 quanta of at most 78 - 9 - 12 characters, 42 bytes of UTF-8.
_WORD_BYTES = (78 - len("Subject: ") - len("=?utf-8?b??=")) // 4 * 3
_MAX_PLAIN = 40  # a readable ASCII head ("[CSP-000123] Re:") that fits the first line with "Subject: "


def _plain_head(subject: str) -> int:
    """Where the leading run of plain ASCII words ends: at a space, so that the fold stands for it."""
    end = 0
    for index, char in enumerate(subject[: _MAX_PLAIN + 1]):
        if char == " ":
            end = index
        elif not (char.isascii() and char.isprintable()):
            break
    head = subject[:end]
    return end if head.strip() and "=?" not in head and not head.startswith(" ") else 0


def subject_header(subject: str) -> str:
    """The folded header value: the ASCII head as it is, then encoded-words of at most 42 bytes each
    (cut between characters, never inside one), one per line. Every space of the subject is inside an
    encoded-word except the one the first fold stands for."""
    end = _plain_head(subject)
    rest = subject[end + 1 :] if end else subject
    words: list[bytes] = []
    chunk = b""
    for char in rest:
        data = char.encode("utf-8", "replace")
        if chunk and len(chunk) + len(data) > _WORD_BYTES:
            words.append(chunk)
            chunk = b""
        chunk += data
    if chunk:
        words.append(chunk)
    encoded = [f"=?utf-8?b?{base64.b64encode(word).decode('ascii')}?=" for word in words]
    return "\n ".join([subject[:end], *encoded] if end else encoded)


class DeskEmail(EmailMultiAlternatives):
    """Django's message with the Subject encoded by ``subject_header`` when it is not plain ASCII."""

    def message(self, **kwargs):
        msg = super().message(**kwargs)
        subject = str(self.subject)
        if not subject.isascii() and not getattr(msg.policy, "utf8", False):
            # A raw value whose lines fit is written as it is: the policy does not fold it again.
            del msg["Subject"]
            msg.set_raw("Subject", subject_header(subject))
        return msg
