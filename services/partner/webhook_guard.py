"""PX6: where a webhook may go (server-side request forgery guard).

An endpoint is an https URL whose host resolves only to public addresses: no loopback,
private, shared (100.64/10), link-local (169.254.169.254 is the cloud metadata service),
multicast, reserved or unspecified address, nor an IPv6 address carrying one of those
(IPv4-mapped ::ffff:a.b.c.d, 6to4, Teredo, NAT64). The host is resolved here and the
sender connects to an address this check returned, so a name that resolves to a public
address now and to 127.0.0.1 a second later (DNS rebinding) gains nothing. Numeric forms
the resolver accepts (127.1, 0x7f.1, 2130706433) are resolved the same way, so they are
judged by the address they mean.

`allow_private` (config WEBHOOKS_ALLOW_PRIVATE, true only in the test configuration) lets
http and any address through, so tests deliver to a server on loopback.
"""
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

NAT64 = ipaddress.ip_network("64:ff9b::/96")


class UnsafeEndpoint(ValueError):
    """The URL may not receive webhooks; the message says why (shown to the partner)."""


@dataclass(frozen=True)
class Target:
    url: str
    scheme: str
    host: str  # as in the URL: the TLS server name and the Host header
    port: int
    path: str  # with its query, what the request line asks for
    addresses: tuple  # the checked addresses, in the resolver's order: connect to one of these


def check(url, allow_private=False, resolve=socket.getaddrinfo):
    """The Target of `url`, else UnsafeEndpoint. `resolve` is socket.getaddrinfo (tests pass another)."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeEndpoint(f"not a valid URL: {error}") from None
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise UnsafeEndpoint("the endpoint must be an https URL")
    if parts.username is not None or parts.password is not None:
        raise UnsafeEndpoint("the URL may not carry a user name or password")
    host = parts.hostname
    if not host:
        raise UnsafeEndpoint("the URL names no host")
    try:
        found = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise UnsafeEndpoint(f"the host {host} does not resolve ({error})") from None
    addresses = tuple(dict.fromkeys(_address(entry[4][0]) for entry in found))
    if not addresses:
        raise UnsafeEndpoint(f"the host {host} does not resolve")
    if not allow_private:
        for address in addresses:
            reason = refusal(address)
            if reason:
                raise UnsafeEndpoint(f"the host {host} resolves to {address}, {reason}: refused")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(url, parts.scheme, host, port, path, tuple(str(a) for a in addresses))


def refusal(address):
    """Why `address` (an ipaddress object) is not public, else None."""
    for candidate in (address, *_embedded(address)):
        for name, test in _KINDS:
            if test(candidate):
                return f"a {name} address"
    return None


_KINDS = (("loopback", lambda a: a.is_loopback), ("private", lambda a: a.is_private),
          ("link-local", lambda a: a.is_link_local), ("multicast", lambda a: a.is_multicast),
          ("reserved", lambda a: a.is_reserved), ("unspecified", lambda a: a.is_unspecified),
          ("non-public", lambda a: not a.is_global))


def _embedded(address):
    """The IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo client, NAT64)."""
    if address.version != 6:
        return ()
    found = [address.ipv4_mapped, address.sixtofour, address.teredo[1] if address.teredo else None]
    if address in NAT64:
        found.append(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
    return tuple(a for a in found if a is not None)


def _address(text):
    return ipaddress.ip_address(text.split("%", 1)[0])  # a zone index (fe80::1%eth0) says nothing more
