"""What the global search finds of regions and clusters (registered in apps.py)."""

from django.utils.translation import gettext_lazy as _

from core.searchable import Hit, Kind

from .filters import CLUSTER_SEARCH, REGION_SEARCH
from .models import Region
from .permissions import visible_clusters


def _region_hit(region):
    return Hit(str(region), region.get_absolute_url(), region.name_national, region.country)


def _cluster_hit(cluster):
    return Hit(cluster.name, cluster.get_absolute_url(), cluster.acronym, str(cluster.region))


REGIONS = Kind(
    "regions",
    _("Regions"),
    list_view="regions:region_list",
    rows=lambda user: Region.objects.all(),
    search_fields=REGION_SEARCH,
    titles=("code", "name", "name_en", "name_national"),
    to_hit=_region_hit,
    columns=("code", "name", "name_en", "name_national", "country"),
    order=("level", "code"),
)

CLUSTERS = Kind(
    "clusters",
    _("Cluster organisations"),
    list_view="regions:cluster_list",
    rows=visible_clusters,
    search_fields=CLUSTER_SEARCH,
    titles=("name", "acronym"),
    to_hit=_cluster_hit,
    columns=("name", "slug", "acronym", "region__code", "region__name", "region__name_en"),
    order=("name",),
)
