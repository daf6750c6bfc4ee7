"""Whether `shopfloor serve` can listen on its host and port, asked before anything runs.

uvicorn binds the port only once the migrations ran and the application was built, and a
busy port then ends it with a bare exit status. A trial bind first, the way uvicorn binds,
turns that into one sentence before the database is touched.
"""

from __future__ import annotations

import errno
import socket


def listen_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on `host:port` right now, or None when it can.

    Every address the host resolves to is tried, as asyncio's `create_server` binds them all,
    with SO_REUSEADDR like uvicorn: a port left in TIME_WAIT by a stopped server is free, one
    that another process listens on is not.
    """
    try:
        addresses = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )
    except socket.gaierror as exc:
        return f"cannot listen on {host!r}: the name does not resolve ({exc.strerror})"
    for family, kind, protocol, _, address in addresses:
        with socket.socket(family, kind, protocol) as trial:
            trial.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                # asyncio listens on IPv6 addresses only with this set; so does the trial.
                trial.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                trial.bind(address)
            except OSError as exc:
                return _reason(exc, host, port)
    return None


def _reason(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use (another server, or a `shopfloor serve` "
            "still running?); stop it or choose another port with --port"
        )
    if exc.errno == errno.EACCES:
        return (
            f"not allowed to listen on port {port} on {host} (ports below 1024 need "
            "privileges); choose another port with --port"
        )
    if exc.errno == errno.EADDRNOTAVAIL:
        return (
            f"cannot listen on {host}: it is not an address of this machine; "
            "use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface)"
        )
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
