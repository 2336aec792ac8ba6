"""Parsing where a slow message can be stopped: a helper process parses, and is killed when it runs past
its time.

The bounds in html.py keep every input measured fast, but the parse runs third-party native code (the
stdlib's parser on a message of 500,000 parts took 13 s; nh3, lxml, tnefparse), and native code does not
return to Python until it is done: neither SIGALRM nor a thread can interrupt it, only another process
can be killed. One helper per process (the worker, `ingest-mail --process`) is started on first use as
`python -m cspdesk.intake.mail.isolation` (a clean interpreter that imports only the pure parser, never
the caller's threads, database connections or main module), takes one message at a time over a socket,
and is replaced after a kill.
"""

import socket
import subprocess
import sys
import threading
from multiprocessing.connection import Connection

from cspdesk.intake.mail.parse import Limits, MailUnreadable, ParsedMail, parse_mail

_READY = "ready"
START_SECONDS = 60.0  # a fresh helper imports the parser; on a loaded machine this can take seconds


class ParseTimeout(Exception):
    pass


def _serve(connection) -> None:
    """The helper's loop: (number, raw, limits) in; (number, "ok", ParsedMail) or (number, error class
    name, text) out."""
    connection.send(_READY)
    while True:
        try:
            number, raw, limits = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send((number, "ok", parse_mail(raw, limits)))
        except Exception as error:  # the caller quarantines the message with the reason
            connection.send((number, type(error).__name__, str(error)))


class _Helper:
    def __init__(self):
        self.lock = threading.Lock()
        self.process = None
        self.connection = None
        self.number = 0

    def start(self) -> None:
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(  # noqa: S603 -- this interpreter, this module
                [sys.executable, "-m", __name__, str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
            )
        self.connection = Connection(ours.detach())
        try:
            ready = self.connection.poll(START_SECONDS) and self.connection.recv() == _READY
        except BaseException:  # interrupted while waiting (the processing time limit): start again next time
            self.stop()
            raise
        if not ready:
            self.stop()
            raise ParseTimeout(f"the parser process did not start within {START_SECONDS:.0f} s")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
        if self.connection is not None:
            self.connection.close()
        self.process = self.connection = None

    def parse(self, raw: bytes, limits: Limits, seconds: float) -> ParsedMail:
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.stop()
                self.start()
            self.number += 1
            try:
                self.connection.send((self.number, raw, limits))
                if not self.connection.poll(seconds):
                    raise ParseTimeout(f"parsing took longer than {seconds:.1f} s")
                number, status, value = self.connection.recv()
            except (EOFError, OSError) as error:  # it died (out of memory, killed from outside)
                self.stop()
                raise ValueError("the parser process stopped while reading this message") from error
            except BaseException:
                # Out of time, or interrupted here (the processing time limit): its state is unknown.
                self.stop()
                raise
            if number != self.number:  # cannot happen with one caller at a time; never take a stale answer
                self.stop()
                raise ParseTimeout("the parser process answered another message")
            if status == "ok":
                return value
            if status == MailUnreadable.__name__:
                raise MailUnreadable(value)
            raise ValueError(f"{status}: {value}")


_helper = _Helper()


def parse_mail_isolated(raw: bytes, limits: Limits, *, seconds: float) -> ParsedMail:
    """``parse_mail`` in the helper process, killed after ``seconds`` (ParseTimeout). Errors of the parse
    come back as exceptions with the original's class name in their text."""
    return _helper.parse(raw, limits, seconds)


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1])))
