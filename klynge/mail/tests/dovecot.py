"""A real IMAP server on 127.0.0.1 for the reply-mailbox tests: Debian's dovecot (`dovecot-imapd`),
started from a throw-away configuration on a free port, with one mailbox in a temporary maildir.

It runs as the current user; as root (CI) the login and internal processes use the package's own
users (dovenull, dovecot) and the mail is owned by `nobody`, because dovecot refuses root there.
"""

import imaplib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from klynge.mail.tests.smtp import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
MISSING = "dovecot is not installed: apt-get install dovecot-imapd (CI's .ci/run installs it)"
USER, PASSWORD = "svar", "hemmelig-Klynge-1"
NOBODY = 65534

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = {uid}
first_valid_gid = {gid}
mail_location = maildir:{root}/mail/%u
{users}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/passwd
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def available() -> bool:
    return os.path.exists(DOVECOT)


class Dovecot:
    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="klynge-dovecot-"))
        # The login processes (another user when run as root) must reach the sockets inside.
        self.root.chmod(0o755)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"imap://{USER}:{PASSWORD}@127.0.0.1:{self.port}/INBOX"

    def start(self) -> "Dovecot":
        root = os.geteuid() == 0
        uid, gid = (NOBODY, NOBODY) if root else (os.getuid(), os.getgid())
        mail = self.root / "mail"
        mail.mkdir()
        if root:
            os.chown(mail, uid, gid)
        users = (
            ""
            if root
            else "\n".join(
                f"{key} = {os.environ.get('USER') or _user_name()}"
                for key in ("default_login_user", "default_internal_user")
            )
        )
        (self.root / "passwd").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{mail}/{USER}::\n"
        )
        config = self.root / "dovecot.conf"
        config.write_text(
            CONFIG.format(root=self.root, port=self.port, uid=uid, gid=gid, users=users)
        )
        self.process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait()
        return self

    def _wait(self, seconds: float = 15) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"dovecot stopped: {self.process.stderr.read().decode()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"dovecot did not listen on {self.port}: {self.log()}")

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text() if path.exists() else ""

    def stop(self) -> None:
        """Killed: asked to stop (SIGTERM), dovecot waits a second for its children, at the end of
        a worker's run; killed, its children see the master gone and end by themselves."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    # --- What a test does with the mailbox, as a mail client would.

    def client(self) -> imaplib.IMAP4:
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(USER, PASSWORD)
        return client

    def deliver(self, *messages: bytes, folder: str = "INBOX") -> None:
        client = self.client()
        try:
            for message in messages:
                status, data = client.append(folder, "", None, message)
                assert status == "OK", data
        finally:
            client.logout()

    def count(self, folder: str) -> int:
        """How many messages `folder` holds (0 when it does not exist)."""
        client = self.client()
        try:
            status, data = client.select(f'"{folder}"', readonly=True)
            return int(data[0]) if status == "OK" else 0
        finally:
            client.logout()

    def empty(self, *folders: str) -> None:
        client = self.client()
        try:
            for folder in folders:
                status, data = client.select(f'"{folder}"')
                if status == "OK" and int(data[0]):
                    client.store("1:*", "+FLAGS.SILENT", r"(\Deleted)")
                    client.expunge()
        finally:
            client.logout()


def _user_name() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name
