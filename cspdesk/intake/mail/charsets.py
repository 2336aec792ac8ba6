"""Turning bytes from the wild into text: declared charsets first, detection when they lie or are missing."""

import codecs

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
}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = _ALIASES.get(name.strip().strip('"').lower(), name.strip().strip('"').lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


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
        return data.decode("cp866", errors="replace")
    if upper_half < 0.8 * len(high):
        return None
    lower_1251 = sum(1 for b in high if b >= 0xE0)
    codec = "windows-1251" if lower_1251 >= len(high) - lower_1251 else "koi8-r"
    return data.decode(codec, errors="replace")


def _detect(data: bytes) -> str | None:
    cyrillic = _guess_cyrillic(data)
    if cyrillic is not None:
        return cyrillic
    best = from_bytes(data[:200_000]).best()
    return str(best) if best is not None else None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decodes text bytes. Never raises: the worst case is replacement characters, never lost mail."""
    if not data:
        return ""
    codec = _codec(declared)
    if data.isascii():
        return data.decode("ascii")
    if codec and (declared or "").strip().lower() not in _WEAK:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        lenient = data.decode("utf-8", errors="replace")
        # Mostly UTF-8 with a stray byte or two (a pasted latin-1 character): UTF-8 is the truth.
        if lenient.count("\ufffd") <= max(1, len(lenient) // 100):
            return lenient
    detected = _detect(data)
    if detected is not None:
        return detected
    return data.decode(codec or "latin-1", errors="replace")


def repair_header(value: str) -> str:
    """Header text with raw 8-bit bytes (kept by the stdlib as surrogates) decoded by detection."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        return decode_bytes(value.encode("utf-8", "surrogateescape"))
    return value
