"""Writes a registry export of N customers with M subscriptions in total (CSV, as the distributor's
system exports it), deterministic for a given seed."""

import csv
import random
import sys
import uuid
from pathlib import Path

OFFERS = [
    ("Microsoft 365 Business Basic", "m365"),
    ("Microsoft 365 Business Standard", "m365"),
    ("Microsoft 365 Business Premium", "m365"),
    ("Office 365 E1", "m365"),
    ("Office 365 E3", "m365"),
    ("Exchange Online (Plan 1)", "m365"),
    ("Azure plan", "azure"),
]
STATUSES = ["active"] * 8 + ["suspended", "expired"]


def generate(path: Path, *, customers: int, subscriptions: int, partners: int = 400, seed: int = 1) -> None:
    rng = random.Random(seed)
    per_customer = [1] * customers
    for _ in range(subscriptions - customers):
        per_customer[rng.randrange(customers)] += 1
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "partner_login",
                "partner_name",
                "customer_name",
                "tenant_id",
                "primary_domain",
                "domains",
                "subscription_id",
                "offer_name",
                "product",
                "quantity",
                "status",
                "start_date",
                "end_date",
                "agreement_number",
            ]
        )
        for index, count in enumerate(per_customer):
            partner = index % partners
            tenant = uuid.UUID(int=rng.getrandbits(128), version=4)
            domain = f"bench{index:06d}"
            for number in range(count):
                offer, product = OFFERS[rng.randrange(len(OFFERS))]
                writer.writerow(
                    [
                        f"bench-partner-{partner:04d}",
                        f"Партнёр {partner}",
                        f"Клиент {index}",
                        tenant,
                        f"{domain}.onmicrosoft.com",
                        f"{domain}.example",
                        uuid.UUID(int=rng.getrandbits(128), version=4),
                        offer,
                        product,
                        rng.randint(1, 300),
                        STATUSES[rng.randrange(len(STATUSES))],
                        "2026-01-01",
                        "2027-01-01",
                        f"CB-{index:06d}-{number:02d}",
                    ]
                )


if __name__ == "__main__":
    generate(Path(sys.argv[1]), customers=int(sys.argv[2]), subscriptions=int(sys.argv[3]))
