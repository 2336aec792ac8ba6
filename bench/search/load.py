"""The search benchmark's data: articles written from the knowledge base's own vocabulary (Russian and
English, Zipf-like word frequencies), and on PostgreSQL a million tickets with their messages loaded with
INSERT … SELECT generate_series inside the server."""

import random
import re
import time
from datetime import timedelta
from functools import lru_cache
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[^\W\d_]{4,}")
CYRILLIC = re.compile("[а-яё]+")
PO_STRING = re.compile(r'^(?:msgid|msgid_plural|msgstr(?:\[\d\])?)?\s*"(.*)"$')
PLACEHOLDER = re.compile(r"%\(\w+\)\w|\{[^}]*\}|<[^>]*>|&\w+;")


def _catalogue_texts() -> list[str]:
    """Real interface text of support software: msgids (English) and msgstrs (Russian) of the desk's own
    Russian catalogue and of Django's and the other installed packages'."""
    import django

    site = Path(django.__file__).resolve().parents[1]
    files = [
        ROOT / "cspdesk/locale/ru/LC_MESSAGES/django.po",
        *site.glob("**/locale/ru/LC_MESSAGES/django.po"),
    ]
    texts = []
    for path in files:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            quoted = PO_STRING.match(line)
            if quoted:
                texts.append(PLACEHOLDER.sub(" ", quoted.group(1)))
    return texts


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[str], list[str]]:
    """Russian and English words, most frequent first: the seeded knowledge-base articles (the terms' own
    language) and the Russian translation catalogues, then Faker's Russian and English word lists as the
    rare tail. Several thousand words each, as a desk's articles would use."""
    from collections import Counter

    from faker.providers.lorem.en_US import Provider as EnglishWords
    from faker.providers.lorem.ru_RU import Provider as RussianWords

    from cspdesk.kb.models import Article

    corpus = [
        f"{a.title_ru} {a.body_ru} {a.title_en} {a.body_en}"
        for a in Article.objects.exclude(slug__startswith="bench-")
    ]
    corpus += _catalogue_texts()
    counts = Counter(w.lower() for text in corpus for w in WORD.findall(text))
    ranked = [w for w, _ in counts.most_common()]
    russian = [w for w in ranked if CYRILLIC.fullmatch(w)]
    english = [w for w in ranked if w.isascii() and w.isalpha()]
    russian += [
        w
        for w in dict.fromkeys(RussianWords.word_list)
        if CYRILLIC.fullmatch(w) and len(w) >= 4 and w not in counts
    ]
    english += [w for w in dict.fromkeys(EnglishWords.word_list) if len(w) >= 4 and w not in counts]
    return russian, english


def _text(rng: random.Random, words: list[str], count: int) -> str:
    n = len(words)
    return " ".join(words[min(n - 1, int(n * rng.random() ** 2.5))] for _ in range(count))


def load_articles(count: int, *, seed: int, log) -> None:
    from cspdesk.kb.models import Article, Category
    from cspdesk.search import index, kinds, text
    from cspdesk.search.models import Document

    rng = random.Random(seed)
    russian, english = vocabulary()
    categories = list(Category.objects.all())
    started = time.perf_counter()
    batch = 1000
    for offset in range(0, count, batch):
        articles = []
        for i in range(offset, min(count, offset + batch)):
            paragraphs_ru = [_text(rng, russian, rng.randint(20, 60)) for _ in range(rng.randint(2, 6))]
            paragraphs_en = [_text(rng, english, rng.randint(20, 60)) for _ in range(rng.randint(2, 6))]
            articles.append(
                Article(
                    slug=f"bench-{i}",
                    category=rng.choice(categories),
                    visibility="internal" if rng.random() < 0.2 else "public",
                    title_ru=_text(rng, russian, rng.randint(3, 8)).capitalize(),
                    title_en=_text(rng, english, rng.randint(3, 8)).capitalize(),
                    body_ru="\n\n".join(paragraphs_ru),
                    body_en="\n\n".join(paragraphs_en),
                )
            )
        Article.objects.bulk_create(articles)
        documents = [
            Document(
                kind="article",
                object_id=a.pk,
                language=language,
                title=getattr(a, f"title_{language}"),
                body=getattr(a, f"body_{language}"),
                key=kinds.key("article", a.pk, language),
            )
            for a in articles
            for language in ("ru", "en")
        ]
        Document.objects.bulk_create(documents)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO search_fts (rowid, title, body) VALUES (%s, %s, %s)",
                    [(d.key, text.stemmed_text(d.title), text.stemmed_text(d.body)) for d in documents],
                )
        log(f"articles: {offset + len(articles)} of {count}")
    index.vocabulary_add(kind="article", content=" ".join(russian + english))
    log(f"articles loaded in {time.perf_counter() - started:.1f} s")


def load_organisations(*, partners: int, customers: int, contacts: int, seed: int) -> None:
    from cspdesk.accounts.models import Contact, Customer, Partner

    rng = random.Random(seed)
    made_partners = Partner.objects.bulk_create(
        [Partner(name=f"Партнёр {i}", partner_login=f"p{i}") for i in range(partners)]
    )
    made_customers = Customer.objects.bulk_create(
        [Customer(name=f"Клиент {i}", partner=rng.choice(made_partners)) for i in range(customers)]
    )
    Contact.objects.bulk_create(
        [
            Contact(
                name=f"Контакт {i}",
                email=f"person{i}@c{i % customers}.example",
                customer=rng.choice(made_customers),
            )
            for i in range(contacts)
        ]
    )


def load_tickets(count: int, *, seed: int, log, chunk: int = 50_000) -> None:
    """Tickets of the organisations' contacts, one inbound message each and an answer on every third,
    and their search documents, written with COPY in chunks. The words follow the vocabulary's Zipf-like
    frequencies (mostly Russian correspondence, some English)."""
    from django.utils import timezone

    from cspdesk.accounts.models import Contact
    from cspdesk.search import index, kinds

    rng = random.Random(seed)
    russian, english = vocabulary()
    words = russian + english[: len(english) // 3]
    cumulative = [((i + 1) / len(words)) ** 0.4 for i in range(len(words))]

    def text(low: int, high: int) -> str:
        return " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(low, high)))

    contacts = list(
        Contact.objects.filter(customer__isnull=False).values_list(
            "id", "customer_id", "customer__partner_id"
        )
    )
    connection.ensure_connection()
    raw = connection.connection
    now = timezone.now()
    started = time.perf_counter()
    with connection.cursor() as cursor:  # a bulk load builds its GIN indexes once, afterwards
        cursor.execute("DROP INDEX search_ticket_gin, search_ticket_title_gin")
    for first in range(1, count + 1, chunk):
        tickets, messages, documents = [], [], []
        for ticket_id in range(first, min(count, first + chunk - 1) + 1):
            contact_id, customer_id, partner_id = contacts[(ticket_id * 7919) % len(contacts)]
            created = now - timedelta(minutes=count - ticket_id)
            subject = text(4, 9).capitalize()
            ticket = (ticket_id, f"B-{ticket_id}", subject, "email", "closed", "", "free", "ru", created)
            tickets.append((*ticket, created, contact_id, customer_id, partner_id))
            bodies = [text(25, 85)]
            messages.append((ticket_id, "inbound", "email", bodies[0], "", "", "[]", created, contact_id))
            if ticket_id % 3 == 0:
                bodies.append(text(15, 55))
                messages.append((ticket_id, "outbound", "email", bodies[1], "", "", "[]", created, None))
            documents.append(
                (
                    "ticket",
                    ticket_id,
                    "ru",
                    subject,
                    "\n\n".join(bodies),
                    now,
                    kinds.key("ticket", ticket_id, "ru"),
                )
            )
        with raw.cursor() as cursor:
            for table, columns, rows in (
                ("tickets_ticket", TICKET_COLUMNS, tickets),
                ("tickets_message", MESSAGE_COLUMNS, messages),
                ("search_document", DOCUMENT_COLUMNS, documents),
            ):
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        log(f"tickets: {tickets[-1][0]} of {count} ({time.perf_counter() - started:.0f} s)")
    with connection.cursor() as cursor:
        log("building the GIN indexes")
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for name, column in (("search_ticket_gin", "vector"), ("search_ticket_title_gin", "title_vector")):
            cursor.execute(
                f"CREATE INDEX {name} ON search_document USING gin ({column})"
                " WHERE kind IN ('ticket', 'ticket_note')"
            )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('tickets_ticket', 'id'), max(id)) FROM tickets_ticket"
        )
        cursor.execute("RESET maintenance_work_mem")
        cursor.execute("ANALYZE")
    index.vocabulary_add(kind="ticket", content=" ".join(words))
    log(f"tickets loaded in {time.perf_counter() - started:.1f} s")


TICKET_COLUMNS = (
    "id, number, subject, channel, status, impact, scope, language, created_at, updated_at, requester_id, "
    "customer_id, partner_id"
)
MESSAGE_COLUMNS = (
    "ticket_id, kind, channel, body_text, body_html, external_id, cc, created_at, author_contact_id"
)
DOCUMENT_COLUMNS = "kind, object_id, language, title, body, updated_at, key"
