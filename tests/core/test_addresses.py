"""The client's address: the TCP peer, unless a trusted proxy vouches for another; a forged
X-Forwarded-For from anyone else changes nothing."""

import pytest
from django.test import RequestFactory

from cspdesk.core.addresses import address_in, client_address, networks


def _request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.CSPDESK = {**settings.CSPDESK, "TRUSTED_PROXIES": []}
    assert client_address(_request("203.0.113.5", "127.0.0.1")) == "203.0.113.5"


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        ("10.0.0.1", "198.51.100.7", "198.51.100.7"),
        # The client wrote 127.0.0.1 itself; the proxy appended the address it really saw.
        ("10.0.0.1", "127.0.0.1, 198.51.100.7", "198.51.100.7"),
        # Two trusted proxies in a row: the first untrusted address from the right.
        ("10.0.0.1", "198.51.100.7, 10.0.0.2", "198.51.100.7"),
        ("10.0.0.1", "", "10.0.0.1"),
        ("10.0.0.1", "not-an-address, 198.51.100.7", "198.51.100.7"),
        ("10.0.0.1", "198.51.100.7, garbage", "10.0.0.1"),
        # A peer that is not a trusted proxy: its header is not read.
        ("203.0.113.5", "127.0.0.1", "203.0.113.5"),
    ],
)
def test_a_trusted_proxy_is_read_from_the_right(settings, peer, forwarded, client):
    settings.CSPDESK = {**settings.CSPDESK, "TRUSTED_PROXIES": ["10.0.0.0/29"]}
    assert client_address(_request(peer, forwarded)) == client


def test_addresses_match_networks_of_their_own_family():
    loopback = networks(["127.0.0.0/8", "::1"])
    assert address_in("127.0.0.1", loopback)
    assert address_in("::1", loopback)
    assert address_in("::ffff:127.0.0.1", loopback)
    assert not address_in("128.0.0.1", loopback)
    assert not address_in(None, loopback)
    assert not address_in("localhost", loopback)


def test_a_bad_address_list_is_reported_by_the_system_check(settings):
    from cspdesk.core.checks import address_lists_check

    settings.CSPDESK = {**settings.CSPDESK, "METRICS_ALLOW": ["10.0.0.0/33"]}
    assert [error.id for error in address_lists_check(None)] == ["cspdesk.E001"]
