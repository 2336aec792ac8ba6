from django.db import migrations, models

# PostgreSQL: the vector is generated from the row (Russian or English configuration by language; the title
# weighs more than the body) and indexed with GIN. SQLite: an FTS5 table of stems whose rowid is the
# document's key; a trigger removes the stems with the document, so that a flush or a cascade never leaves
# orphans behind.
POSTGRES = [
    """ALTER TABLE search_document ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        CASE WHEN language = 'en'
        THEN setweight(to_tsvector('english'::regconfig, title), 'A')
             || setweight(to_tsvector('english'::regconfig, body), 'B')
        ELSE setweight(to_tsvector('russian'::regconfig, title), 'A')
             || setweight(to_tsvector('russian'::regconfig, body), 'B')
        END) STORED""",
    # One GIN index per family of kinds: an article search never walks the posting lists of a million
    # tickets. The queries name their kinds literally, so the planner can prove the partial predicate.
    "CREATE INDEX search_article_gin ON search_document USING gin (vector) WHERE kind = 'article'",
    "CREATE INDEX search_ticket_gin ON search_document USING gin (vector) WHERE kind IN ('ticket', 'ticket_note')",
    # The title alone, small enough never to be TOASTed: title matches are found without reading bodies.
    """ALTER TABLE search_document ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        CASE WHEN language = 'en' THEN to_tsvector('english'::regconfig, title)
        ELSE to_tsvector('russian'::regconfig, title) END) STORED""",
    "CREATE INDEX search_article_title_gin ON search_document USING gin (title_vector) WHERE kind = 'article'",
    "CREATE INDEX search_ticket_title_gin ON search_document USING gin (title_vector)"
    " WHERE kind IN ('ticket', 'ticket_note')",
]
SQLITE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')",
    """CREATE TRIGGER search_document_delete_fts AFTER DELETE ON search_document
       BEGIN DELETE FROM search_fts WHERE rowid = old.key; END""",
]


def create_vendor_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in POSTGRES if vendor == "postgresql" else SQLITE if vendor == "sqlite" else []:
        schema_editor.execute(statement)


def drop_vendor_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS search_document_delete_fts")
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Document",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                ("object_id", models.BigIntegerField(verbose_name="object id")),
                ("language", models.CharField(blank=True, max_length=2, verbose_name="language")),
                ("title", models.TextField(blank=True, verbose_name="title")),
                ("body", models.TextField(blank=True, verbose_name="text")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="indexed")),
                ("key", models.BigIntegerField(unique=True, verbose_name="index key")),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
                "db_table": "search_document",
                "indexes": [models.Index(fields=["kind", "-object_id"], name="search_document_kind_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id", "language"), name="search_document_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="Term",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=20, verbose_name="kind")),
                ("stem", models.CharField(max_length=100, verbose_name="stem")),
                ("word", models.CharField(max_length=100, verbose_name="word")),
                ("initial", models.CharField(max_length=1, verbose_name="first letter")),
                ("length", models.PositiveSmallIntegerField(verbose_name="length")),
            ],
            options={
                "verbose_name": "indexed term",
                "verbose_name_plural": "indexed terms",
                "db_table": "search_term",
                "indexes": [models.Index(fields=["kind", "initial", "length"], name="search_term_lookup_idx")],
                "constraints": [models.UniqueConstraint(fields=("kind", "stem"), name="search_term_unique")],
            },
        ),
        migrations.RunPython(create_vendor_index, drop_vendor_index),
    ]
