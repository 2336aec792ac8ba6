"""The first articles wrote the desk's address and phones literally (and an address other than the one the
site showed). Existing articles have those literals replaced by the placeholders that are filled from the
settings when an article is shown (core/contacts.py); other text is left as it is."""

from django.db import migrations

LITERALS = [
    ("[cloud-support@mont.com](mailto:cloud-support@mont.com)", "{{ support_address }}"),
    ("cloud-support@mont.com", "{{ support_address }}"),
    ("8 800 777 38 07, +7 495 544 50 24", "{{ support_phones }}"),
    ("8 800 777 38 07", "{{ support_phones }}"),
]


def placeholders(text: str) -> str:
    for literal, placeholder in LITERALS:
        text = text.replace(literal, placeholder)
    return text


def forwards(apps, schema_editor):
    from cspdesk.kb.search import article_index

    Article = apps.get_model("kb", "Article")
    for article in Article.objects.all():
        changed = False
        for field in ("body_ru", "body_en"):
            before = getattr(article, field)
            after = placeholders(before)
            if after != before:
                setattr(article, field, after)
                changed = True
        if changed:
            article.save(update_fields=["body_ru", "body_en"])
            article_index(article)


class Migration(migrations.Migration):
    dependencies = [("kb", "0003_article_visibility_index")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
