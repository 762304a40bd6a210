"""Which network addresses a harvest may reach: public ones, unless the source says otherwise.

A feed is input from strangers: a page, a redirect or a JSON-LD context naming `169.254.169.254`
(cloud metadata), `10.0.0.5` or `localhost` must not make the harvester read our own network. The
check runs where the connection is made (an httpcore network backend), on the address actually
connected to, so every request (first page, each redirect hop, each context) passes through it,
and a name that resolves to a public address for a check and a private one for the connection
(DNS rebinding) gains nothing.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import httpcore

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class AddressRefused(Exception):
    """The host resolves to an address the source may not reach."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} → {address}")
        self.host = host
        self.address = address


@dataclass(frozen=True)
class AddressPolicy:
    """`private`: True lets a source reach any address; networks let it reach only those beyond the public."""

    private: bool | Sequence[Network] = False

    def allows(self, address: Address) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        if self.private is True:
            return True
        if address.is_global and not address.is_multicast:
            return True
        networks = self.private if not isinstance(self.private, bool) else ()
        return any(address in network for network in networks)

    def resolve(self, host: str, port: int) -> list[str]:
        """The addresses of `host` this policy allows, or AddressRefused naming the first refused one."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise httpcore.ConnectError(f"cannot resolve {host}: {error.strerror}") from error
        addresses = _unique(str(info[4][0]) for info in infos)
        # One refused address refuses the host: which one a connection would use is not ours to choose.
        for address in addresses:
            if not self.allows(ipaddress.ip_address(address.split("%", 1)[0])):
                raise AddressRefused(host, address)
        return addresses


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses the policy allows (TLS still
    verifies the host name: httpcore passes it as the server name, not the address)."""

    def __init__(self, policy: AddressPolicy) -> None:
        self._policy = policy

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self._policy.resolve(host, port)
        failure: httpcore.ConnectError | httpcore.ConnectTimeout | None = None
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                failure = error
        raise failure or httpcore.ConnectError(f"no address for {host}")


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
