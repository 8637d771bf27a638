"""Klynge's reply mailbox, read over IMAP (`KLYNGE_REPLY_IMAP_URL`).

Calendar programs send their answers ("Accept", "Decline") to the ORGANIZER of a meeting request,
which is Klynge's reply address (`KLYNGE_REPLY_EMAIL`). The worker reads that mailbox, lets the
meetings app handle each message, and files the message away in a folder, so the inbox holds only
what has not been read yet.

The URL: `imap://user:password@host:143/INBOX` (STARTTLS when the server offers it),
`imaps://user:password@host:993/INBOX` (TLS); the path is the folder to read (default INBOX).
User and password are percent-encoded (`%40` for `@`).
"""

import imaplib
import re
import ssl
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# The folders read messages are moved to: handled (an answer recorded, a reply forwarded), and
# ignored (from someone not invited, or not an answer to anything Klynge sent).
DONE = "Klynge-behandlet"
IGNORED = "Klynge-ignoreret"
# At most this many messages a run: a flood waits for the next run instead of holding the worker.
BATCH = 200
TIMEOUT = 30


class MailboxError(Exception):
    """The mailbox could not be reached or read (the message says why, without the password)."""


@dataclass(frozen=True)
class Address:
    secure: bool
    host: str
    port: int
    user: str
    password: str
    folder: str


def parse_url(url: str) -> Address:
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise MailboxError(
            f"KLYNGE_REPLY_IMAP_URL must start with imap:// or imaps://, not {url!r}"
        )
    if not parts.hostname or parts.username is None:
        raise MailboxError("KLYNGE_REPLY_IMAP_URL must name a user and a host")
    secure = parts.scheme == "imaps"
    return Address(
        secure=secure,
        host=parts.hostname,
        port=parts.port or (993 if secure else 143),
        user=unquote(parts.username),
        password=unquote(parts.password or ""),
        folder=unquote(parts.path.strip("/")) or "INBOX",
    )


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Mailbox:
    """One open IMAP session on the folder to read."""

    def __init__(self, client: imaplib.IMAP4, folder: str):
        self.client = client
        self.folder = folder
        self.known: set[str] = set()
        # Servers tell more of what they can after the login than in their greeting.
        _status, data = client.capability()
        self.capabilities = set((data[-1] or b"").decode("ascii", "replace").upper().split())

    def _ok(self, answer, what: str):
        status, data = answer
        if status != "OK":
            raise MailboxError(f"IMAP {what}: {status} {data!r}")
        return data

    def uids(self, limit: int = BATCH) -> list[bytes]:
        """The messages in the folder, oldest first."""
        data = self._ok(self.client.uid("SEARCH", "ALL"), "SEARCH")
        return (data[0] or b"").split()[:limit]

    def fetch(self, uid: bytes) -> bytes | None:
        data = self._ok(self.client.uid("FETCH", uid, "(BODY.PEEK[])"), "FETCH")
        for item in data:
            if isinstance(item, tuple) and len(item) == 2:
                return item[1]
        return None

    def ensure(self, folder: str) -> None:
        if folder in self.known:
            return
        # NO means it exists already (servers word that differently); the move then tells.
        self.client.create(_quoted(folder))
        self.known.add(folder)

    def move(self, uid: bytes, folder: str) -> None:
        """File the message in `folder` (MOVE, or COPY and expunge where MOVE is missing)."""
        self.ensure(folder)
        if "MOVE" in self.capabilities:
            self._ok(self.client.uid("MOVE", uid, _quoted(folder)), "MOVE")
            return
        self._ok(self.client.uid("COPY", uid, _quoted(folder)), "COPY")
        self._ok(self.client.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
        if "UIDPLUS" in self.capabilities:
            self._ok(self.client.uid("EXPUNGE", uid), "EXPUNGE")
        else:
            self._ok(self.client.expunge(), "EXPUNGE")


def _connect(address: Address) -> imaplib.IMAP4:
    if address.secure:
        return imaplib.IMAP4_SSL(
            address.host, address.port, ssl_context=ssl.create_default_context(), timeout=TIMEOUT
        )
    client = imaplib.IMAP4(address.host, address.port, timeout=TIMEOUT)
    if "STARTTLS" in client.capabilities:
        client.starttls(ssl.create_default_context())
    return client


@contextmanager
def mailbox(url: str) -> Iterator[Mailbox]:
    """An open session on the folder named by the URL; MailboxError when it cannot be had."""
    address = parse_url(url)
    try:
        client = _connect(address)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxError(f"cannot reach {address.host}:{address.port}: {exc}") from exc
    try:
        try:
            client.login(address.user, address.password)
            status, data = client.select(_quoted(address.folder))
        except imaplib.IMAP4.error as exc:
            raise MailboxError(f"{address.user}@{address.host}: {exc}") from exc
        if status != "OK":
            raise MailboxError(f"cannot open folder {address.folder!r}: {data!r}")
        yield Mailbox(client, address.folder)
    except (OSError, imaplib.IMAP4.abort) as exc:
        raise MailboxError(f"{address.host}:{address.port}: {exc}") from exc
    finally:
        with suppress(OSError, imaplib.IMAP4.error):
            client.logout()


def header_ids(value: str | None) -> list[str]:
    """The message ids in an In-Reply-To or References header."""
    return re.findall(r"<[^<>\s]+>", value or "")
