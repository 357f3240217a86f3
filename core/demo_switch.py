"""Whether a request asks for demo records in figures and exports (`?demo=include`).

Demo records (`is_demo`) are fictitious: aggregates and exports leave them
out unless the visitor asks for them, so that a portal with the demo loaded
shows the same figures as one without.
"""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter

DEMO_PARAMETER = "demo"
INCLUDE = "include"

DEMO_API_PARAMETER = OpenApiParameter(
    DEMO_PARAMETER,
    str,
    enum=[INCLUDE],
    description="`include` counts demo records (fictitious, flagged is_demo); left out otherwise.",
)

# How the API declares a model's `is_demo` flag.
IS_DEMO_FIELD = {
    "read_only": True,
    "help_text": _("Demo data: fictitious, for trying the portal; never a fact about a real one."),
}


def includes_demo(request: HttpRequest) -> bool:
    return request.GET.get(DEMO_PARAMETER) == INCLUDE
