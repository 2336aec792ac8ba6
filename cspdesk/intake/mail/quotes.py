"""Separating what the requester wrote now from the quoted history and the signature, for display only:
the full text is always kept."""

import re

_MARKERS = [
    re.compile(
        r"^-{2,}\s*(Original Message|Исходное сообщение|Пересылаемое сообщение|Forwarded message)\s*-{2,}",
        re.I,
    ),
    re.compile(r"^(From|От|De|Von):\s.+$\n^(Sent|Отправлено|Date|Дата|Gesendet):\s", re.I | re.M),
    re.compile(r"^On .{5,200}wrote:\s*$", re.I | re.S),
    re.compile(r"^.{0,200}(пишет|написал|написала|написал\(а\)):\s*$", re.I),
    re.compile(r"^>"),
]
_SIGNATURE = re.compile(r"^--\s?$")


def split_reply(text: str) -> tuple[str, str]:
    """(the new part, the quoted rest). The quoted rest is empty when no marker is found."""
    lines = text.splitlines()
    for index in range(len(lines)):
        window = "\n".join(lines[index : index + 2])
        if any(marker.match(window) for marker in _MARKERS) or _SIGNATURE.match(lines[index]):
            new = "\n".join(lines[:index]).rstrip()
            if new:
                return new, "\n".join(lines[index:])
    return text.rstrip(), ""
