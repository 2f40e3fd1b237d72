"""A private Dovecot IMAP server on 127.0.0.1 for tests: IMAPS only, one passwd-file user.

    with dovecot_server() as imap:
        imap.append(raw_message)                  # through IMAP, like any client
        subprocess.run(..., env={**os.environ, **imap.env()})   # IMAP_* and SSL_CERT_FILE
        imap.messages("Processed")

It runs from its own configuration in a temporary folder (not pytest's: Dovecot's
unprivileged processes must be able to enter it, and its sockets need a short
path), on a free port, with a certificate from a test CA the client is told to
trust. As root, Dovecot's own users run the login and internal processes and mail
belongs to ``nobody``; as anyone else, everything runs as that user.
"""

from __future__ import annotations

import getpass
import grp
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from browser_support import missing
from processes import stop
from smtp_sink import free_port
from tls_certs import issue, make_ca

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER = "bounces"
PASSWORD = "imap-test-password"


@dataclass
class ImapServer:
    port: int
    ca_file: Path
    folder: Path

    def env(self) -> dict[str, str]:
        return {"IMAP_HOST": "127.0.0.1", "IMAP_PORT": str(self.port), "IMAP_USER": USER,
                "IMAP_PASSWORD": PASSWORD, "IMAP_TLS": "ssl", "SSL_CERT_FILE": str(self.ca_file)}

    @contextmanager
    def client(self) -> Iterator[imaplib.IMAP4_SSL]:
        context = ssl.create_default_context(cafile=str(self.ca_file))
        client = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=context, timeout=30)
        client.login(USER, PASSWORD)
        try:
            yield client
        finally:
            client.logout()

    def append(self, raw: bytes, folder: str = "INBOX") -> None:
        with self.client() as client:
            kind, data = client.append(f'"{folder}"', None, None, raw)
            assert kind == "OK", data

    def messages(self, folder: str = "INBOX") -> list[tuple[bytes, bytes]]:
        """(flags, bytes) of each message in ``folder``, read without marking anything."""
        with self.client() as client:
            kind, _ = client.select(f'"{folder}"', readonly=True)
            if kind != "OK":
                return []
            _, found = client.uid("SEARCH", None, "ALL")
            out = []
            for uid in (found[0] or b"").split():
                _, data = client.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
                out.append((data[0][0], data[0][1]))
            return out


def _identities() -> dict[str, str]:
    if os.geteuid() == 0:
        mail_user = "nobody"
        return {"internal": "dovecot", "internal_group": "dovecot", "login": "dovenull", "mail_user": mail_user,
                "mail_group": grp.getgrgid(pwd.getpwnam(mail_user).pw_gid).gr_name, "first_uid": "100"}
    me = getpass.getuser()
    group = grp.getgrgid(os.getgid()).gr_name
    return {"internal": me, "internal_group": group, "login": me, "mail_user": me, "mail_group": group,
            "first_uid": str(os.getuid())}


def _config(root: Path, port: int, cert: Path, key: Path, who: dict[str, str]) -> str:
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = yes
auth_mechanisms = plain
default_internal_user = {who['internal']}
default_internal_group = {who['internal_group']}
default_login_user = {who['login']}
first_valid_uid = {who['first_uid']}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = uid={who['mail_user']} gid={who['mail_group']} home={root}/home/%u
}}
"""


def _wait_for_tls(port: int, ca_file: Path, process: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    context = ssl.create_default_context(cafile=str(ca_file))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dovecot exited with {process.returncode}: {log.read_text() if log.exists() else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as raw, \
                    context.wrap_socket(raw, server_hostname="127.0.0.1") as secured:
                if secured.recv(64).startswith(b"* OK"):
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"dovecot did not answer on port {port}: {log.read_text() if log.exists() else ''}")


@contextmanager
def dovecot_server() -> Iterator[ImapServer]:
    if not Path(DOVECOT).is_file():
        missing("Dovecot (dovecot-imapd)", "sudo apt-get install dovecot-imapd")
    root = Path(tempfile.mkdtemp(prefix="dovecot-"))
    try:
        root.chmod(0o755)
        for sub in ("run", "state", "home"):
            (root / sub).mkdir()
        who = _identities()
        if os.geteuid() == 0:
            shutil.chown(root / "home", who["mail_user"], who["mail_group"])
        ca = make_ca()
        ca_file = root / "ca.pem"
        ca_file.write_bytes(ca.cert_pem)
        cert, key = issue(ca, "imap.test").write(root, "server")
        (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        port = free_port()
        conf = root / "dovecot.conf"
        conf.write_text(_config(root, port, cert, key, who))
        process = subprocess.Popen([DOVECOT, "-F", "-c", str(conf)], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.STDOUT)
        try:
            _wait_for_tls(port, ca_file, process, root / "dovecot.log")
            yield ImapServer(port, ca_file, root)
        finally:
            stop(process)
    finally:
        shutil.rmtree(root, ignore_errors=True)
