"""Real mail servers for tests, on loopback ports of their own, stopped by the fixtures that start them."""

import socket
import threading
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SinkHandler:
    """An SMTP server that keeps what it is given: the outbound side of the desk, read off the wire."""

    def __init__(self):
        self.messages = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append((time.monotonic(), envelope.mail_from, envelope.rcpt_tos, envelope.content))
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 20.0) -> list:
        """The parsed messages once ``count`` have arrived (fails the test on time-out)."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while len(self.messages) < count:
                left = deadline - time.monotonic()
                assert left > 0, (
                    f"{len(self.messages)} of {count} messages reached the SMTP sink in {timeout} s"
                )
                self.arrived.wait(left)
            return [message_from_bytes(content, policy=policy.default) for *_, content in self.messages]


def smtp_sink_start() -> tuple[Controller, SinkHandler]:
    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler
