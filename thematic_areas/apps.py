from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThematicAreasConfig(AppConfig):
    name = "thematic_areas"
    verbose_name = _("Thematic areas")
