"""Requests that leave our servers (webhooks, link checks, feed imports), made safely.

A target host is resolved once, every address it resolves to is checked, and the connection
goes to that checked address: a name that resolves to a public address for the check and to
an internal one for the connection (DNS rebinding) cannot reach the inside. Private, loopback,
link-local, multicast, reserved and every other special-purpose address (the IANA registries),
and IPv6 addresses wrapping an IPv4 one (6to4, Teredo, NAT64), are refused unless
WEBHOOK_ALLOW_PRIVATE_TARGETS=true (tests and local development only). Timeouts are short and
redirects are never followed here: callers that follow them check every hop again.
"""
import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

USER_AGENT = "Candor/1.0 (+background jobs)"
ALLOWED_SCHEMES = ("http", "https")
MAX_BODY_BYTES = 5 * 1024 * 1024


class RefusedTarget(ValueError):
    """The address may not be contacted; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str


@dataclass(frozen=True)
class Response:
    status: int
    headers: dict
    body: bytes


# Every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its
# updates), whether or not the registry marks it globally reachable: no webhook receiver lives
# in a documentation, benchmarking, anycast-relay or translation prefix. ipaddress' is_global
# misses some of these on Python 3.11 (all of 192.0.0.0/24, AS112, AMT).
SPECIAL_PURPOSE = [
    ipaddress.ip_network(block)
    for block in (
        # IPv4
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24",
        "192.168.0.0/16", "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32",
        # IPv6 (outside 2000::/3 everything is refused anyway: loopback, unspecified, IPv4-mapped
        # and -compatible, NAT64 64:ff9b::/96 and 64:ff9b:1::/48, discard 100::/64, ULA,
        # link-local, multicast)
        "2001::/23",  # IETF protocol assignments, Teredo 2001::/32 among them
        "2001:db8::/32", "2002::/16",  # documentation; 6to4
        "2620:4f:8000::/48", "3fff::/20", "5f00::/16",  # AS112; documentation; SRv6 SIDs
    )
]
GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")


def wrapped_ipv4(ip):
    """The IPv4 address an IPv6 address carries (IPv4-mapped, 6to4, Teredo, NAT64), or None."""
    if ip.version != 6:
        return None
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96") or ip in ipaddress.ip_network("64:ff9b:1::/48"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_public_address(address):
    """True for a globally routable unicast address outside every special-purpose block.

    An IPv6 address that wraps an IPv4 one (mapped, 6to4, Teredo, NAT64) is refused whole: the
    wrapped address would be reached through a translator or relay we do not control.
    """
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.version == 6 and (ip not in GLOBAL_UNICAST_V6 or wrapped_ipv4(ip) is not None):
        return False
    if any(ip.version == block.version and ip in block for block in SPECIAL_PURPOSE):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


def _described(address):
    wrapped = wrapped_ipv4(ipaddress.ip_address(address))
    return f"{address}, which wraps {wrapped}" if wrapped else address


def resolve_target(url):
    """Check `url` and resolve its host; raise RefusedTarget when it may not be contacted."""
    parts = urlsplit(url)
    if parts.scheme not in ALLOWED_SCHEMES:
        raise RefusedTarget(f"the address must start with {' or '.join(s + '://' for s in ALLOWED_SCHEMES)}")
    if not parts.hostname:
        raise RefusedTarget("the address has no host name")
    if parts.username or parts.password:
        raise RefusedTarget("the address must not carry a user name or password")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedTarget("the address has an invalid port") from None
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise RefusedTarget(f"the host {parts.hostname!r} does not resolve") from None
    addresses = sorted({info[4][0] for info in infos})
    if not settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        inside = [address for address in addresses if not is_public_address(address)]
        if inside:
            raise RefusedTarget(
                f"the host {parts.hostname!r} resolves to a private, loopback, link-local or "
                f"reserved address ({_described(inside[0])})"
            )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target, timeout):
        super().__init__(target.host, target.port, timeout=timeout, context=ssl.create_default_context())
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # Certificate and SNI are checked against the host name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def request(method, url, *, body=None, headers=None, timeout=5.0, read_limit=MAX_BODY_BYTES):
    """One HTTP request to a checked address; no redirects followed. Raises OSError on failure.

    Also raises RefusedTarget when the address may not be contacted.
    """
    target = resolve_target(url)
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout)
    try:
        connection.request(method, target.path, body=body, headers={"User-Agent": USER_AGENT, **(headers or {})})
        answer = connection.getresponse()
        content = answer.read(read_limit + 1) if read_limit else b""
        if len(content) > read_limit:
            raise OSError(f"the answer is larger than {read_limit} bytes")
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, content)
    except http.client.HTTPException as error:
        raise OSError(f"malformed HTTP answer: {error!r}") from error
    finally:
        connection.close()
