"""Turning bytes from the wild into text: declared charsets first, detection when they lie or are missing."""

import codecs
import contextlib
import email.header
import re

from charset_normalizer import from_bytes

# Declared charsets that are often wrong for Cyrillic mail: a mail client that knows nothing better says
# latin-1 or us-ascii while sending windows-1251, koi8-r or cp866 bytes.
_WEAK = {
    "us-ascii",
    "ascii",
    "iso-8859-1",
    "latin-1",
    "latin1",
    "windows-1252",
    "cp1252",
    "x-unknown",
    "unknown",
}
_ALIASES = {
    "utf8": "utf-8",
    "uft-8": "utf-8",
    "cp-1251": "windows-1251",
    "win-1251": "windows-1251",
    "koi8r": "koi8-r",
    "unicode-1-1-utf-7": "utf-7",
}
# Mail clients label text with a charset and write bytes of its vendor superset (GBK bytes as GB2312,
# Windows-31J as Shift_JIS): decoding with the superset reads both.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
}


def is_weak(name: str | None) -> bool:
    return (name or "").strip().strip('"').lower() in _WEAK


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIASES.get(name.strip().strip('"').lower(), name.strip().strip('"').lower())
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    return _SUPERSETS.get(codec, codec)


_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _reads_as_russian(text: str) -> bool:
    """A wrong single-byte guess shows as words mixing Latin and Cyrillic letters (German "Grüße" read as
    windows-1251 is "Grьяe"); Russian text has none."""
    return not any(_LATIN.search(word) and _CYRILLIC.search(word) for word in _WORD.findall(text))


def _guess_cyrillic(data: bytes) -> str | None:
    """Russian single-byte text by letter frequencies: in windows-1251 lowercase letters are 0xE0–0xFF, in
    koi8-r 0xC0–0xDF, in cp866 mostly 0xA0–0xAF and 0xE0–0xEF. Detectors guess badly on short strings
    (a subject), where this simple count is right."""
    high = [b for b in data if b >= 0x80]
    if len(high) < 2:
        return None
    cp866 = sum(1 for b in high if 0x80 <= b <= 0xAF or 0xE0 <= b <= 0xEF)
    upper_half = sum(1 for b in high if b >= 0xC0)
    if cp866 >= 0.9 * len(high) and upper_half < 0.5 * len(high):
        codec = "cp866"
    elif upper_half < 0.8 * len(high):
        return None
    else:
        lower_1251 = sum(1 for b in high if b >= 0xE0)
        codec = "windows-1251" if lower_1251 >= len(high) - lower_1251 else "koi8-r"
    text = data.decode(codec, errors="replace")
    return text if _reads_as_russian(text) else None


def _mostly_utf8(lenient: str) -> bool:
    """UTF-8 with a stray byte or a cut-off last character: many well-formed multi-byte characters and
    few broken ones. A Western 8-bit text read as UTF-8 has no well-formed ones at all."""
    broken = lenient.count("\ufffd")
    decoded = sum(1 for ch in lenient if ord(ch) > 0x7F) - broken
    return decoded >= 2 and decoded >= 10 * broken


def _detect(data: bytes) -> str | None:
    best = from_bytes(data[:200_000]).best()
    return str(best) if best is not None else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decodes text bytes. Never raises: the worst case is replacement characters, never lost mail."""
    if not data:
        return ""
    codec = _codec(declared)
    weak = is_weak(declared)
    if codec and not weak:
        try:
            return data.decode(codec)
        except (UnicodeDecodeError, LookupError):
            pass
    if data.isascii():
        if b"\x1b$" in data or b"\x1b(" in data:  # ISO-2022-JP is 7-bit
            with contextlib.suppress(UnicodeDecodeError):
                return data.decode("iso2022_jp")
        return data.decode("ascii")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    if _mostly_utf8(lenient):
        return lenient
    cyrillic = _guess_cyrillic(data)
    if cyrillic is not None:
        return cyrillic
    if weak:  # a Western label on bytes that are not UTF-8 or Russian: take the label (its superset)
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")
    detected = _detect(data)
    if detected is not None:
        return detected
    return data.decode(codec or "latin-1", errors="replace")


def decode_header_value(value: str, hint: str | None = None) -> str:
    """An unfolded header value with RFC 2047 encoded-words, decoded with the same tolerance as bodies
    (superset charsets, detection when the label lies). Never raises."""
    value = repair_header(value, hint)
    if "=?" not in value:
        return value
    try:
        chunks = email.header.decode_header(value)
    except Exception:
        return repair_header(value)
    text = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            text.append(repair_header(chunk, hint))
        else:
            text.append(decode_bytes(chunk, charset))
    return "".join(text)


def repair_header(value: str, hint: str | None = None) -> str:
    """Header text with raw 8-bit bytes (kept by the stdlib as surrogates) decoded: with the message's own
    charset (``hint``) where it fits, by detection otherwise."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        return decode_bytes(value.encode("utf-8", "surrogateescape"), hint)
    return value
