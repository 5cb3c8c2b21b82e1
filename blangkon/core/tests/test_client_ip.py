"""The client's address, as the lockouts and the audit log see it.

Behind the reverse proxy REMOTE_ADDR is the proxy; the real client is in
X-Forwarded-For, which only a trusted proxy may be believed about.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from blangkon.core.http import client_ip
from config.env import parse_networks

PROXY = "10.0.0.5"


def ip_of(remote_addr: str, forwarded_for: str | None = None, *, trusted: str = "") -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)
    if forwarded_for is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded_for
    with override_settings(TRUSTED_PROXIES=parse_networks("TRUSTED_PROXIES", trusted)):
        return client_ip(request)


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert ip_of("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_a_trusted_proxy_s_client_is_the_rightmost_untrusted_address() -> None:
    assert ip_of(PROXY, "198.51.100.1", trusted="10.0.0.0/8") == "198.51.100.1"


def test_a_client_cannot_choose_its_address_by_sending_the_header_itself() -> None:
    # The client wrote "1.2.3.4"; the proxy appended the address it saw.
    assert ip_of(PROXY, "1.2.3.4, 198.51.100.1", trusted="10.0.0.0/8") == "198.51.100.1"


def test_chained_trusted_proxies_are_skipped() -> None:
    chain = "1.2.3.4, 198.51.100.1, 10.0.0.9, 10.0.0.8"
    assert ip_of(PROXY, chain, trusted="10.0.0.0/8") == "198.51.100.1"


def test_an_untrusted_peer_s_header_is_ignored() -> None:
    assert ip_of("203.0.113.7", "198.51.100.1", trusted="10.0.0.0/8") == "203.0.113.7"


@pytest.mark.parametrize("entry", ["unknown", "", "999.1.1.1", "<script>", "1.2.3.4/24"])
def test_a_malformed_entry_ends_the_walk_at_the_proxy_that_wrote_it(entry: str) -> None:
    # What lies left of a malformed entry came from an unknown sender: it is
    # never taken as the client.
    forwarded = f"6.6.6.6, {entry}, 10.0.0.9"
    assert ip_of(PROXY, forwarded, trusted="10.0.0.0/8") == "10.0.0.9"


def test_ports_and_brackets_that_some_proxies_add_are_understood() -> None:
    assert ip_of(PROXY, "198.51.100.1:51234", trusted="10.0.0.5") == "198.51.100.1"
    assert ip_of(PROXY, "[2001:db8::1]:443", trusted="10.0.0.5") == "2001:db8::1"


def test_ipv6_proxies_and_clients() -> None:
    assert ip_of("fd00::5", "2001:db8::7", trusted="fd00::/8") == "2001:db8::7"


def test_a_request_only_through_trusted_hops_gives_the_leftmost_hop() -> None:
    assert ip_of(PROXY, "10.0.0.9", trusted="10.0.0.0/8") == "10.0.0.9"


def test_no_header_from_a_trusted_proxy_gives_the_proxy() -> None:
    assert ip_of(PROXY, None, trusted="10.0.0.0/8") == PROXY


def test_no_usable_remote_address_gives_none() -> None:
    assert ip_of("", "198.51.100.1", trusted="10.0.0.0/8") is None


@pytest.mark.parametrize("value", ["10.0.0.1/8", "proxy.local", "*"])
def test_a_bad_trusted_proxies_value_stops_start_up(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="TRUSTED_PROXIES"):
        parse_networks("TRUSTED_PROXIES", value)


def test_trusted_proxies_are_read_as_networks() -> None:
    assert [str(n) for n in parse_networks("X", " 10.0.0.5, 192.168.0.0/16,,")] == [
        "10.0.0.5/32",
        "192.168.0.0/16",
    ]
