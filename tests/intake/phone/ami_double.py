"""An Asterisk manager interface on loopback, speaking the real protocol to a real client: the banner
``Asterisk Call Manager/<version>``, ``Action: Login`` answered ``Response: Success`` (or ``Error`` and a
closed connection, as Asterisk does), ``Ping`` answered ``Pong``, ``Logoff`` ``Goodbye``, and event blocks
``Key: Value\\r\\n … \\r\\n\\r\\n`` sent to every logged-in connection."""

import asyncio

EOL = b"\r\n"


def block(fields: dict) -> bytes:
    return b"".join(f"{key}: {value}".encode() + EOL for key, value in fields.items()) + EOL


class AmiDouble:
    def __init__(self, username="cspdesk", secret="s3cret", *, answer_pings=True, silent=False):  # noqa: S107
        self.username, self.secret, self.answer_pings = username, secret, answer_pings
        self.silent = silent  # takes the connection, then never answers (a hung PBX)
        self.logins: list[tuple[str, str, bool]] = []
        self.actions: list[dict] = []
        self.clients: list[asyncio.StreamWriter] = []
        self.server: asyncio.AbstractServer | None = None
        self.port = 0
        self.logged_in = asyncio.Event()

    async def start(self, port: int = 0) -> "AmiDouble":
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", port)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"Asterisk Call Manager/9.0.0" + EOL)
        await writer.drain()
        try:
            while True:
                raw = await reader.readuntil(EOL + EOL)
                fields = {}
                for line in raw.decode().split("\r\n"):
                    if ": " in line:
                        key, value = line.split(": ", 1)
                        fields[key] = value
                self.actions.append(fields)
                if self.silent:
                    continue
                action = fields.get("Action", "").lower()
                reply = {"ActionID": fields["ActionID"]} if "ActionID" in fields else {}
                if action == "login":
                    good = (fields.get("Username"), fields.get("Secret")) == (self.username, self.secret)
                    self.logins.append((fields.get("Username", ""), fields.get("Events", ""), good))
                    if not good:
                        writer.write(
                            block({"Response": "Error", **reply, "Message": "Authentication failed"})
                        )
                        await writer.drain()
                        break
                    writer.write(
                        block({"Response": "Success", **reply, "Message": "Authentication accepted"})
                    )
                    writer.write(
                        block({"Event": "FullyBooted", "Privilege": "system,all", "Status": "Fully Booted"})
                    )
                    self.clients.append(writer)
                    self.logged_in.set()
                elif action == "ping":
                    if self.answer_pings:
                        writer.write(
                            block({"Response": "Success", **reply, "Ping": "Pong", "Timestamp": "1.0"})
                        )
                elif action == "logoff":
                    writer.write(
                        block({"Response": "Goodbye", **reply, "Message": "Thanks for all the fish."})
                    )
                    await writer.drain()
                    break
                else:
                    writer.write(block({"Response": "Error", **reply, "Message": "Invalid/unknown command"}))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            if writer in self.clients:
                self.clients.remove(writer)
            writer.close()

    async def emit(self, *events: dict) -> None:
        for writer in list(self.clients):
            for fields in events:
                writer.write(block(fields))
            await writer.drain()

    async def drop_connections(self) -> None:
        """The network or Asterisk dropping the connection (a restart, a cable)."""
        self.logged_in.clear()
        for writer in list(self.clients):
            writer.close()
        self.clients.clear()

    async def stop(self) -> None:
        await self.drop_connections()
        if self.server:
            self.server.close()
            await self.server.wait_closed()


def channel(uniqueid: str, linkedid: str, name: str, caller: str = "89161234567", exten: str = "74955445024"):
    return {
        "Channel": name,
        "ChannelState": "6",
        "CallerIDNum": caller,
        "CallerIDName": "<unknown>",
        "Exten": exten,
        "Context": "from-trunk",
        "Uniqueid": uniqueid,
        "Linkedid": linkedid,
    }


def answered_call(
    linkedid: str, start: float, *, hold: int, talk: int = 60, agent: str = "PJSIP/101", stamps: bool = True
):
    """The AMI events of a call that waits ``hold`` seconds in the queue, then talks ``talk`` seconds."""
    caller = channel(linkedid, linkedid, f"PJSIP/trunk-{linkedid}")
    agent_leg = {
        f"Dest{key}": value for key, value in channel(f"{linkedid}9", linkedid, f"{agent}-0001").items()
    }
    events = [
        ({"Event": "Newchannel", **caller}, start),
        (
            {"Event": "QueueCallerJoin", **caller, "Queue": "support", "Position": "1", "Count": "1"},
            start + 1,
        ),
        (
            {
                "Event": "AgentCalled",
                **caller,
                **agent_leg,
                "Queue": "support",
                "Interface": agent,
                "MemberName": agent,
            },
            start + 1 + max(hold - 3, 0),
        ),
        (
            {
                "Event": "AgentConnect",
                **caller,
                **agent_leg,
                "Queue": "support",
                "Interface": agent,
                "MemberName": agent,
                "HoldTime": str(hold),
                "RingTime": str(min(hold, 3)),
            },
            start + 1 + hold,
        ),
        (
            {
                "Event": "AgentComplete",
                **caller,
                **agent_leg,
                "Queue": "support",
                "Interface": agent,
                "MemberName": agent,
                "HoldTime": str(hold),
                "TalkTime": str(talk),
                "Reason": "caller",
            },
            start + 1 + hold + talk,
        ),
        (
            {"Event": "Hangup", **caller, "Cause": "16", "Cause-txt": "Normal Clearing"},
            start + 2 + hold + talk,
        ),
    ]
    return [_stamped(fields, at, stamps) for fields, at in events]


def abandoned_call(linkedid: str, start: float, *, wait: int, stamps: bool = True):
    caller = channel(linkedid, linkedid, f"PJSIP/trunk-{linkedid}", caller="89160000000")
    events = [
        ({"Event": "QueueCallerJoin", **caller, "Queue": "support", "Position": "1", "Count": "1"}, start),
        (
            {
                "Event": "QueueCallerAbandon",
                **caller,
                "Queue": "support",
                "Position": "1",
                "OriginalPosition": "1",
                "HoldTime": str(wait),
            },
            start + wait,
        ),
        ({"Event": "Hangup", **caller, "Cause": "16", "Cause-txt": "Normal Clearing"}, start + wait),
    ]
    return [_stamped(fields, at, stamps) for fields, at in events]


def _stamped(fields: dict, at: float, stamps: bool) -> dict:
    # Asterisk puts Timestamp right after the Event line when timestampevents=yes.
    if not stamps:
        return fields
    event, rest = fields["Event"], {k: v for k, v in fields.items() if k != "Event"}
    return {"Event": event, "Timestamp": f"{at:.6f}", "Privilege": "agent,all", **rest}
