"""Rendering the administrator-editable e-mail templates."""

from functools import lru_cache

from django.template import Context, Template, TemplateSyntaxError

from cspdesk.notifications.models import EmailTemplate


class TemplateMissing(LookupError):
    pass


@lru_cache(maxsize=256)
def _compiled(source: str) -> Template:
    """Compiled once per text: an administrator's edit is new text, so it is compiled anew."""
    # Plain-text mail: no HTML escaping of names and subjects.
    return Template("{% autoescape off %}" + source + "{% endautoescape %}")


def email_template_error(source: str) -> str | None:
    """Why this text cannot be used as a template, or None: checked when it is saved, so that an edit
    never stops the acknowledgements."""
    try:
        _compiled(source)
    except TemplateSyntaxError as error:
        return str(error)
    return None


def email_render(*, code: str, language: str, context: dict) -> tuple[str, str]:
    """(subject, body) of the template in the language, falling back to Russian, the desk's default."""
    templates = {t.language: t for t in EmailTemplate.objects.filter(code=code)}
    template = templates.get(language) or templates.get("ru") or next(iter(templates.values()), None)
    if template is None:
        raise TemplateMissing(code)
    subject = _compiled(template.subject).render(Context(context))
    body = _compiled(template.body).render(Context(context))
    return " ".join(subject.split()), body
