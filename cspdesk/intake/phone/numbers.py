"""Caller numbers in E.164: the same normalisation as contacts' and partners' numbers (``core.phones``)."""

from cspdesk.core.phones import e164

__all__ = ["e164"]
