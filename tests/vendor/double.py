"""Run the contract double of Microsoft's APIs by hand, to try the escalation without Microsoft:

    .venv/bin/python -m tests.vendor.double --port 8443 [--dir var/microsoft-double] [--env-file FILE]

It serves Entra ID's token endpoint, the Azure Support API, Partner Center service requests and Graph
service health on https://127.0.0.1:PORT with a self-signed certificate written to ``DIR/double.pem``,
and prints the ``CSPDESK_*`` settings (``export`` lines) that point the desk at it and trust that
certificate (the ``*_CA_BUNDLE`` settings). Microsoft's side is played with POSTs to ``/_double/…``:

    curl --cacert DIR/double.pem -d '{"service": "Exchange Online"}' https://127.0.0.1:PORT/_double/issues
    curl --cacert DIR/double.pem -d '{"text": "…", "status": "Closed"}' \\
        https://127.0.0.1:PORT/_double/cases/CASE_NUMBER/updates
    curl --cacert DIR/double.pem -X POST https://127.0.0.1:PORT/_double/issues/ISSUE_ID/resolve

Ctrl-C stops it. It keeps everything in memory."""

import argparse
import contextlib
import shlex
import shutil
import sys
from pathlib import Path

from tests.vendor.microsoft_double import MicrosoftDouble

HOURS = 24 * 30


def settings_for(double: MicrosoftDouble, ca_bundle: Path) -> dict[str, str]:
    options = double.options()
    common = {"TENANT": "partner-tenant", "CLIENT_ID": "client-id", "CLIENT_SECRET": "client-secret"}
    values = {
        "CSPDESK_AZURE_SUPPORT_URL": double.url,
        "CSPDESK_AZURE_SUPPORT_AUTHORITY": double.url,
        "CSPDESK_AZURE_SUPPORT_CA_BUNDLE": str(ca_bundle),
        "CSPDESK_AZURE_SUPPORT_SERVICE_ID": options["SERVICE_ID"],
        "CSPDESK_AZURE_SUPPORT_PROBLEM_CLASSIFICATION_ID": options["PROBLEM_CLASSIFICATION_ID"],
        "CSPDESK_M365_CASES_BACKEND": "cspdesk.vendor.backends.partner_center.PartnerCenterServiceRequests",
        "CSPDESK_PARTNER_CENTER_URL": double.url,
        "CSPDESK_PARTNER_CENTER_AUTHORITY": double.url,
        "CSPDESK_PARTNER_CENTER_CA_BUNDLE": str(ca_bundle),
        "CSPDESK_GRAPH_URL": f"{double.url}/v1.0",
        "CSPDESK_GRAPH_AUTHORITY": double.url,
        "CSPDESK_GRAPH_CA_BUNDLE": str(ca_bundle),
    }
    for prefix in ("CSPDESK_AZURE_SUPPORT_", "CSPDESK_PARTNER_CENTER_", "CSPDESK_GRAPH_"):
        values.update({f"{prefix}{key}": value for key, value in common.items()})
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.vendor.double", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8443, help="loopback port (default 8443)")
    parser.add_argument("--dir", default="var/microsoft-double", help="where the certificate is written")
    parser.add_argument(
        "--env-file",
        default="",
        help="also write the export lines there (for `source FILE` in another shell)",
    )
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error("--port must be between 1 and 65535")
    directory = Path(args.dir).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        double = MicrosoftDouble(port=args.port, certificate_hours=HOURS)
    except OSError as error:
        print(f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}", file=sys.stderr)
        return 1
    ca_bundle = directory / "double.pem"
    shutil.copyfile(double.ca_bundle, ca_bundle)
    lines = [f"# Microsoft's APIs (contract double) on {double.url}; the desk trusts {ca_bundle}"]
    lines += [f"export {key}={shlex.quote(value)}" for key, value in settings_for(double, ca_bundle).items()]
    if args.env_file:
        Path(args.env_file).write_text("\n".join(lines) + "\n")
    with double:
        print("\n".join(lines), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            double.server_thread.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
