"""Delivery by an MTA pipe (`cspdesk ingest-mail FILE|-`). The exit code speaks sysexits, which MTAs
understand: 0 stored, 75 try again later (the database is away), 65 and 66 for input that is no message."""

EX_OK = 0
EX_DATAERR = 65
EX_NOINPUT = 66
EX_TEMPFAIL = 75
