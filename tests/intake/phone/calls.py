"""A call as the generic endpoint receives it, step by step, for the screen pop's and the tickets' tests."""

from datetime import UTC, datetime, timedelta

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class PhoneCall:
    """Posts a call's events through ``Pbx.generic`` (signed), each with the PBX's time and sequence."""

    def __init__(self, pbx, call_id: str, caller: str = "+7 916 123-45-67", line: str = "88007773807"):
        self.pbx, self.call_id, self.caller, self.line = pbx, call_id, caller, line
        self.seq = 0
        self.start = START

    def post(self, event: str, at: int, **fields):
        self.seq += 1
        payload = {
            "event": event,
            "callId": self.call_id,
            "from": self.caller,
            "to": self.line,
            "direction": "in",
            "seq": str(fields.pop("seq", self.seq)),
            "time": (self.start + timedelta(seconds=at)).isoformat(),
            **fields,
        }
        response = self.pbx.generic(payload)
        assert response.status_code == 200, response.content
        return response

    def queue(self, at: int = 0):
        return self.post("newCall", at, location="queue")

    def ring(self, *extensions: str, at: int = 1):
        for extension in extensions:
            self.post("ring", at, extension=extension)

    def answer(self, extension: str, at: int = 12):
        return self.post("answer", at, extension=extension)

    def hangup(self, at: int = 60, cause: str = "normalClearing", seq: int | None = None):
        fields = {"cause": cause}
        if seq is not None:
            fields["seq"] = seq
        return self.post("hangup", at, **fields)
