"""A real SMTP server on 127.0.0.1 (aiosmtpd) that misbehaves on request, for the fault tests.

`FaultySMTP` answers 451 to the first `refuse` messages, drops the connection on the first `drop`,
stalls the first `stall` for `stall_seconds` (then answers 451), and answers 550 to the addresses
in `reject`. Every accepted message is kept in `received`, with the client's address, so a test
can count what arrived, what arrived twice and what never came. `on_message(handler)` is called
after a message is kept and before it is answered (the moment a crash hurts most).
"""

import asyncio
import socket
import threading
from collections import Counter
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port nobody listens on (an absent server, until one is started on it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Counts:
    received: int  # distinct expected recipients that got their mail
    duplicated: int  # extra copies beyond the first
    lost: int  # expected recipients that got nothing


@dataclass
class FaultySMTP:
    refuse: int = 0
    drop: int = 0
    stall: int = 0
    stall_seconds: float = 0.5
    reject: set = field(default_factory=set)
    # Hold each message until this many connections are open (two workers at once).
    wait_for_sessions: int = 0
    on_message: object = None
    attempts: int = 0
    sessions: int = 0
    received: list = field(default_factory=list)
    peers: list = field(default_factory=list)

    def __post_init__(self):
        self.lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self.lock:
            self.sessions += 1
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.reject:
            return "550 5.1.1 Modtageren findes ikke"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        for _ in range(200):
            if self.sessions >= self.wait_for_sessions:
                break
            await asyncio.sleep(0.05)
        if self.stall > 0:
            self.stall -= 1
            await asyncio.sleep(self.stall_seconds)
            return "451 4.4.2 Timeout"
        if self.drop > 0:
            self.drop -= 1
            server.transport.abort()
            return "421 4.4.2 Forbindelsen lukkes"
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 Midlertidig fejl, prøv igen senere"
        with self.lock:
            self.received.append(envelope)
            self.peers.append(session.peer)
        if self.on_message is not None:
            self.on_message(self)
        return "250 OK"

    def recipients(self) -> list[str]:
        return [rcpt for envelope in self.received for rcpt in envelope.rcpt_tos]

    def counts(self, expected) -> Counts:
        got = Counter(self.recipients())
        expected = set(expected)
        return Counts(
            received=len(expected & set(got)),
            duplicated=sum(n - 1 for n in got.values()),
            lost=len(expected - set(got)),
        )


class Servers:
    """Starts FaultySMTP servers and stops them all at the end of the test."""

    def __init__(self):
        self.controllers = []

    def start(self, handler: FaultySMTP, port: int | None = None) -> int:
        port = port or free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        self.controllers.append(controller)
        return port

    def stop(self):
        for controller in self.controllers:
            controller.stop()
        self.controllers = []


def delivery_to(port: int, timeout: float = 5) -> dict:
    """The MAILERS entry that points the outbox's delivery at a server on 127.0.0.1."""
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
    }
