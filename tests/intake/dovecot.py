"""A throw-away Dovecot IMAP server on a loopback port: its own config, users and maildirs in a temporary
folder, stopped and removed by the fixture that starts it. Debian's dovecot-imapd provides the binary
(`scripts/test-services` installs it)."""

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from imapclient import IMAPClient

from tests.intake.servers import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"

CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = {mechanisms}
default_internal_user = {user}
default_login_user = {user}
first_valid_uid = {uid}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
{oauth_passdb}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""

OAUTH_PASSDB = """
passdb {{
  driver = oauth2
  mechanisms = xoauth2
  args = {root}/oauth2.conf
}}
"""

OAUTH_CONFIG = """
introspection_mode = post
introspection_url = {introspection_url}
username_attribute = upn
active_attribute = active
active_value = true
"""


@dataclass
class ImapServer:
    host: str
    port: int
    root: Path
    process: subprocess.Popen

    def client(self, username: str, password: str) -> IMAPClient:
        client = IMAPClient(self.host, port=self.port, ssl=False, timeout=10)
        client.login(username, password)
        return client

    def log(self) -> str:
        path = self.root / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def dovecot_start(users: dict[str, str], introspection_url: str = "") -> ImapServer:
    root = Path(tempfile.mkdtemp(prefix="cspdesk-dovecot-"))
    os.chmod(root, 0o755)  # noqa: S103 — the mail processes run as an unprivileged user
    account = pwd.getpwnam("nobody")
    (root / "mail").mkdir()
    os.chown(root / "mail", account.pw_uid, account.pw_gid)
    (root / "users").write_text("".join(f"{name}:{{PLAIN}}{password}\n" for name, password in users.items()))
    port = free_port()
    oauth = bool(introspection_url)
    if oauth:
        (root / "oauth2.conf").write_text(OAUTH_CONFIG.format(introspection_url=introspection_url))
    (root / "dovecot.conf").write_text(
        CONFIG.format(
            root=root,
            port=port,
            uid=account.pw_uid,
            gid=account.pw_gid,
            user="dovenull" if _exists("dovenull") else "nobody",
            mechanisms="plain login xoauth2" if oauth else "plain login",
            oauth_passdb=OAUTH_PASSDB.format(root=root) if oauth else "",
        )
    )
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")])
    server = ImapServer("127.0.0.1", port, root, process)
    for _ in range(100):
        try:
            IMAPClient(server.host, port=port, ssl=False, timeout=2).logout()
            return server
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    log = server.log()
    dovecot_stop(server)
    raise RuntimeError(f"dovecot did not start: {log}")


def dovecot_stop(server: ImapServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
    shutil.rmtree(server.root, ignore_errors=True)


def _exists(user: str) -> bool:
    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True
