"""IMAP intake with IDLE. A message is moved (or flagged) only after it is stored, so a crash between the
two means it is fetched again, and the store's de-duplication makes that harmless.

Exchange Online accepts no basic authentication: with ``auth=xoauth2`` the password is not used and a token
is taken from Microsoft Entra ID by the client-credentials flow (MSAL)."""

import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from imapclient import IMAPClient

logger = logging.getLogger(__name__)

SEEN = b"\\Seen"
OUTLOOK_SCOPE = "https://outlook.office365.com/.default"


class ImapConfigError(ValueError):
    pass


@dataclass(frozen=True)
class MailboxConfig:
    host: str
    port: int
    use_ssl: bool
    username: str
    password: str
    folder: str = "INBOX"
    processed_folder: str = ""
    auth: str = "password"
    tenant: str = ""
    client_id: str = ""
    client_secret: str = ""
    authority_host: str = "https://login.microsoftonline.com"


def mailbox_config(
    url: str,
    *,
    tenant: str = "",
    client_id: str = "",
    client_secret: str = "",
    authority_host: str = "https://login.microsoftonline.com",
) -> MailboxConfig:
    """``imaps://user:password@host:993/INBOX?processed=Processed`` or, for Exchange Online,
    ``imaps://desk@contoso.com@outlook.office365.com/INBOX?auth=xoauth2`` with the tenant, client id and
    secret from the environment."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ImapConfigError(f"IMAP URL must start with imap:// or imaps://, not “{parts.scheme}://”")
    if not parts.hostname:
        raise ImapConfigError("IMAP URL names no host")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    auth = query.get("auth", "password").lower()
    if auth not in ("password", "xoauth2"):
        raise ImapConfigError(f"unknown IMAP auth “{auth}”: use password or xoauth2")
    if auth == "xoauth2" and not (tenant and client_id and client_secret):
        raise ImapConfigError(
            "auth=xoauth2 needs CSPDESK_IMAP_OAUTH_TENANT, CSPDESK_IMAP_OAUTH_CLIENT_ID and "
            "CSPDESK_IMAP_OAUTH_CLIENT_SECRET"
        )
    # user@domain inside the user part: urlsplit keeps everything before the last @ as userinfo.
    userinfo = parts.netloc.rpartition("@")[0]
    username, _, password = userinfo.partition(":")
    return MailboxConfig(
        host=parts.hostname,
        port=parts.port or (993 if parts.scheme == "imaps" else 143),
        use_ssl=parts.scheme == "imaps",
        username=unquote(username),
        password=unquote(password),
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
        processed_folder=query.get("processed", ""),
        auth=auth,
        tenant=tenant,
        client_id=client_id,
        client_secret=client_secret,
        authority_host=authority_host or "https://login.microsoftonline.com",
    )


def oauth_token(config: MailboxConfig) -> str:
    """An access token for IMAP from Entra ID (client credentials; MSAL caches it until it expires)."""
    import msal

    app = msal.ConfidentialClientApplication(
        config.client_id,
        authority=f"{config.authority_host.rstrip('/')}/{config.tenant}",
        client_credential=config.client_secret,
        # Instance discovery asks Microsoft's global endpoint about the authority: only for Microsoft's own
        # hosts, not for a sovereign cloud or a test double given by CSPDESK_IMAP_OAUTH_AUTHORITY.
        instance_discovery=urlsplit(config.authority_host).hostname == "login.microsoftonline.com",
    )
    result = app.acquire_token_for_client(scopes=[OUTLOOK_SCOPE])
    if "access_token" not in result:
        raise PermissionError(f"no IMAP token from Entra ID: {result.get('error_description') or result}")
    return result["access_token"]


def mailbox_connect(
    config: MailboxConfig, token_source: Callable[[MailboxConfig], str] = oauth_token
) -> IMAPClient:
    context = ssl.create_default_context() if config.use_ssl else None
    client = IMAPClient(config.host, port=config.port, ssl=config.use_ssl, ssl_context=context, timeout=60)
    if config.auth == "xoauth2":
        client.oauth2_login(config.username, token_source(config))
    else:
        client.login(config.username, config.password)
    if config.processed_folder and not client.folder_exists(config.processed_folder):
        client.create_folder(config.processed_folder)
    client.select_folder(config.folder)
    return client


def _waiting(client: IMAPClient, config: MailboxConfig) -> list[int]:
    """Messages not yet taken: with a processed folder, everything left in the folder; otherwise unseen."""
    criteria = ["NOT", "DELETED"] if config.processed_folder else ["UNSEEN", "NOT", "DELETED"]
    return sorted(client.search(criteria))


def _mark_taken(client: IMAPClient, config: MailboxConfig, uids: list[int]) -> None:
    if not uids:
        return
    if config.processed_folder:
        if client.has_capability("MOVE"):
            client.move(uids, config.processed_folder)
        else:
            client.copy(uids, config.processed_folder)
            client.delete_messages(uids)
            if client.has_capability("UIDPLUS"):
                client.expunge(uids)
            else:
                client.expunge()
    else:
        client.add_flags(uids, [SEEN])


def mailbox_drain(
    client: IMAPClient, config: MailboxConfig, store: Callable[[bytes], object], batch: int = 50
) -> int:
    """Fetches every waiting message, stores each, then marks it taken. Returns how many were stored."""
    stored = 0
    uids = _waiting(client, config)
    for start in range(0, len(uids), batch):
        chunk = uids[start : start + batch]
        fetched = client.fetch(chunk, ["BODY.PEEK[]"])
        taken = []
        for uid in chunk:
            data = fetched.get(uid, {})
            raw = data.get(b"BODY[]")
            if raw is None:
                continue  # expunged meanwhile by another client
            store(raw)
            stored += 1
            taken.append(uid)
        _mark_taken(client, config, taken)
    return stored


def mailbox_watch(
    config: MailboxConfig,
    store: Callable[[bytes], object],
    *,
    idle_seconds: int = 300,
    should_stop: Callable[[], bool] = lambda: False,
    token_source: Callable[[MailboxConfig], str] = oauth_token,
) -> None:
    """Drains the mailbox, then waits with IDLE (or polls where the server has no IDLE) until new mail
    comes; reconnects with backoff after errors. Runs until ``should_stop()``."""
    backoff = 1
    while not should_stop():
        try:
            client = mailbox_connect(config, token_source)
            backoff = 1
            with client:
                while not should_stop():
                    mailbox_drain(client, config, store)
                    if client.has_capability("IDLE"):
                        client.idle()
                        client.idle_check(timeout=idle_seconds)
                        client.idle_done()
                    else:
                        time.sleep(min(idle_seconds, 30))
        except Exception as error:
            if should_stop():
                return
            logger.warning("IMAP connection failed (%s); reconnecting in %s s", error, backoff)
            time.sleep(backoff)
            backoff = min(backoff * 2, 300)
