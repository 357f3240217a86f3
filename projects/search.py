"""What the global search finds of investment projects (registered in apps.py)."""

from django.utils.translation import gettext_lazy as _

from core.searchable import Hit, Kind

from .filters import PROJECT_SEARCH
from .models import InvestmentProject


def _hit(project):
    return Hit(
        project.title, project.get_absolute_url(), project.area.name, project.get_stage_display()
    )


PROJECTS = Kind(
    "projects",
    _("Investment projects"),
    list_view="projects:project_list",
    rows=lambda user: InvestmentProject.objects.published(),
    search_fields=PROJECT_SEARCH,
    titles=("title",),
    to_hit=_hit,
    columns=("title", "slug", "stage", "area__name"),
    order=("title",),
)
