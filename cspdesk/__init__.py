"""cspdesk: the 24/7 support desk of a Microsoft CSP cloud distributor."""
