"""Rendering the administrator-editable e-mail templates."""

from django.template import Context, Template

from cspdesk.notifications.models import EmailTemplate


class TemplateMissing(LookupError):
    pass


def email_render(*, code: str, language: str, context: dict) -> tuple[str, str]:
    """(subject, body) of the template in the language, falling back to Russian, the desk's default."""
    templates = {t.language: t for t in EmailTemplate.objects.filter(code=code)}
    template = templates.get(language) or templates.get("ru") or next(iter(templates.values()), None)
    if template is None:
        raise TemplateMissing(code)
    # Plain-text mail: no HTML escaping of names and subjects.
    subject = Template("{% autoescape off %}" + template.subject + "{% endautoescape %}").render(
        Context(context)
    )
    body = Template("{% autoescape off %}" + template.body + "{% endautoescape %}").render(Context(context))
    return " ".join(subject.split()), body
