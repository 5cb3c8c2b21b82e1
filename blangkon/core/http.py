"""The client's address, for the sign-in throttle and the audit log.

gunicorn leaves REMOTE_ADDR as the peer that connected, which behind the
reverse proxy is the proxy itself. The client is then in X-Forwarded-For,
where every proxy appends the address it saw. Only the entries written by
proxies we trust can be believed, and they are at the right-hand end: the
walk goes from the right, skips trusted proxies, and stops at the first
address that is not one. Whatever lies further left was written by the client.
"""

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Networks = Iterable[ipaddress.IPv4Network | ipaddress.IPv6Network]


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy
    (settings.TRUSTED_PROXIES) the nearest untrusted X-Forwarded-For entry."""
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return None
    trusted = settings.TRUSTED_PROXIES
    if not _is_trusted(peer, trusted):
        return str(peer)
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return str(_nearest_untrusted(peer, reversed(hops.split(",")) if hops else [], trusted))


def _nearest_untrusted(
    peer: Address, hops_right_to_left: Iterable[str], trusted: Networks
) -> Address:
    """Walk from the proxy towards the client. A malformed entry (a proxy that
    wrote "unknown") ends the walk at the proxy that wrote it: what lies beyond
    came from a sender nobody vouches for."""
    nearest = peer
    for hop in hops_right_to_left:
        address = parse_address(hop)
        if address is None:
            return nearest
        nearest = address
        if not _is_trusted(address, trusted):
            return address
    return nearest


def _is_trusted(address: Address, trusted: Networks) -> bool:
    return any(address in network for network in trusted)


def parse_address(text: str) -> Address | None:
    """An IP address, accepting the port or brackets some proxies add
    ("198.51.100.1:51234", "[2001:db8::1]:443"); None for anything else."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    # An IPv4 client seen by an IPv6 socket: count it as the IPv4 address.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def query_text(request: HttpRequest, name: str) -> str:
    """A query-string value a page looks something up by, without NUL
    characters: PostgreSQL cannot compare text holding one (a 500), and no
    name or code has one. The catalog search drops them the same way."""
    return request.GET.get(name, "").replace("\x00", "")
