"""Where outgoing webhooks may go: public addresses only, unless the operator allows private ones.

Any tenant with a write key can subscribe a URL, and the delivery log shows the start of an error
answer; without this check a tenant could make bobhub call, and partly read, services on bobhub's own
network (cloud metadata, databases, admin consoles). A subscription naming a private, loopback,
link-local or otherwise non-public IP (or `localhost`) is refused when it is created; since a name can
resolve elsewhere later, every delivery resolves the host, checks every address it got, and connects to
the first of them: the address checked is the address used, so a DNS server answering differently a
moment later (rebinding) changes nothing. The request still names the host (Host header, TLS server
name and certificate check), and its connection is not kept for another delivery, whose host may share
the address. Through an HTTP(S)_PROXY the proxy connects and resolves, so only the check is made here
(and a name this host cannot resolve is left to the proxy).
`BOBHUB_WEBHOOK_ALLOW_PRIVATE_URLS=true` lifts the rule, for receivers on a trusted private
network; the host is then resolved by the HTTP client as usual.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from bobhub.errors import BadRequest

ALLOW_SETTING = "BOBHUB_WEBHOOK_ALLOW_PRIVATE_URLS=true"
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".").lower()


def _is_address(host: str) -> bool:
    """Whether `host` is a literal IP address rather than a name."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


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
    """At subscription time: refuse a literal non-public IP or a local name (nothing is resolved; a name
    is checked against what it resolves to at each delivery)."""
    host = _host(url)
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        raise _refusal(host)
    if _is_address(host) and _not_public(host):
        raise _refusal(host)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a delivery is sent: the URL (with the checked address in place of a name, when pinned), and
    the headers and httpx extensions that keep naming the host."""

    url: str
    headers: dict[str, str]
    extensions: dict[str, Any] = field(default_factory=dict)


def through_proxy(scheme: str, host: str) -> bool:
    """Whether the HTTP client (trust_env, as httpx reads HTTP(S)_PROXY, ALL_PROXY and NO_PROXY) sends
    requests to `host` through a proxy."""
    proxies = urllib.request.getproxies()
    return (scheme in proxies or "all" in proxies) and not urllib.request.proxy_bypass(host)


async def pin(url: str) -> Target:
    """Before a delivery: resolve the host; every address must be public, and the first is the one the
    request connects to. A name that does not resolve fails as the connection would (httpx.ConnectError)."""
    check_url(url)
    host = _host(url)
    target = httpx.URL(url)
    if _is_address(host):
        return Target(url, {})  # a literal address, checked above
    proxied = through_proxy(target.scheme, host)
    try:
        found = await asyncio.get_running_loop().getaddrinfo(
            host, target.port or (443 if target.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except OSError as exc:
        if proxied:  # where only the proxy can resolve outside names, it is left to the proxy
            return Target(url, {})
        raise httpx.ConnectError(f"{host} does not resolve: {exc}") from None
    addresses = [str(sockaddr[0]) for *_, sockaddr in found]
    for address in addresses:
        if _not_public(address):
            raise _refusal(host, address)
    if proxied:
        return Target(url, {})  # the operator's proxy connects, resolving the name itself
    if not addresses:
        raise httpx.ConnectError(f"{host} does not resolve")
    address = addresses[0].split("%", 1)[0]
    host_header = host if target.port is None else f"{host}:{target.port}"
    extensions = {"sni_hostname": host} if target.scheme == "https" else {}
    return Target(
        str(target.copy_with(host=address)), {"Host": host_header, "Connection": "close"}, extensions
    )
