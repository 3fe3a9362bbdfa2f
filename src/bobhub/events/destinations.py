"""Where outgoing webhooks may go: public addresses only, unless the operator allows private ones.

Any tenant with a write key can subscribe a URL, and the delivery log shows the start of an error
answer; without this check a tenant could make bobhub call, and partly read, services on bobhub's own
network (cloud metadata, databases, admin consoles). A subscription naming a private, loopback,
link-local or otherwise non-public IP (or `localhost`) is refused when it is created; since a name can
resolve elsewhere later, every delivery checks the addresses the host resolves to, just before it is
sent. Assumption: the resolver answers the same a moment later when httpx connects; a rebinding DNS
server answering differently within that moment is not covered (pinning the address would be).
`BOBHUB_WEBHOOK_ALLOW_PRIVATE_URLS=true` lifts the rule, for receivers on a trusted private network.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from bobhub.errors import BadRequest

ALLOW_SETTING = "BOBHUB_WEBHOOK_ALLOW_PRIVATE_URLS=true"
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def _not_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def _refusal(host: str, address: str | None = None) -> BadRequest:
    where = host if address is None or address == host else f"{host} ({address})"
    return BadRequest(
        f"url: {where} is not a public address; webhooks go to public addresses only "
        f"(the operator may set {ALLOW_SETTING})"
    )


def check_url(url: str) -> None:
    """At subscription time: refuse a literal non-public IP or a local name (nothing is resolved)."""
    host = _host(url)
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        raise _refusal(host)
    try:
        literal = _not_public(host)
    except ValueError:
        return  # a name: checked against what it resolves to at each delivery
    if literal:
        raise _refusal(host)


async def check_resolved(url: str) -> None:
    """Before a delivery: every address the host resolves to must be public; a name that does not
    resolve is left to fail as the connection would."""
    check_url(url)
    host = _host(url)
    port = urlsplit(url).port or 443
    try:
        found = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return
    for *_, sockaddr in found:
        if _not_public(str(sockaddr[0])):
            raise _refusal(host, str(sockaddr[0]))
