from cspdesk.catalog.selectors import request_types_active
from cspdesk.portal import presenters
from cspdesk.portal.models import PageSection


def page_sections() -> list[presenters.Section]:
    return presenters.sections(list(PageSection.objects.filter(is_published=True)))


def form_request_types():
    return list(request_types_active())
