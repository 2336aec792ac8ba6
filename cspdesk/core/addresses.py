"""The client's address, as far as it can be trusted: the TCP peer (REMOTE_ADDR), unless that peer is one
of the proxies in ``CSPDESK_TRUSTED_PROXIES``; then X-Forwarded-For is read from the right, past the
trusted proxies, to the first address they did not add. A client can put anything at the left of the
header, so nothing left of that address is believed."""

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def networks(entries: Iterable[str]) -> list[Network]:
    """Addresses and CIDR networks from a setting; a bad entry is a configuration error, raised."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def address_in(address: str | None, allowed: Iterable[Network]) -> bool:
    parsed = _address(address or "")
    if parsed is None:
        return False
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped:
        parsed = parsed.ipv4_mapped
    return any(parsed.version == network.version and parsed in network for network in allowed)


def client_address(request: HttpRequest) -> str | None:
    peer = request.META.get("REMOTE_ADDR") or None
    trusted = networks(settings.CSPDESK.get("TRUSTED_PROXIES", []))
    if not trusted or not address_in(peer, trusted):
        return peer
    client = peer
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        if _address(hop) is None:
            break  # garbage from the client's side: keep the last address a trusted proxy vouched for
        client = hop.strip()
        if not address_in(client, trusted):
            break
    return client
