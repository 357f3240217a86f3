"""Filters of the thematic areas list, shared by the page and the REST API.

Region filters take NUTS codes and look at current memberships only; a region
given at NUTS 1 also matches the regions inside it. Visibility (proposals stay
private) is decided by the queryset the caller hands in.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.listing import changed_within, sort_by, updated_since
from core.searchable import SearchFields, SearchFieldsFilter
from regions.filters import (
    ANY,
    RegionNameOrCodeFilter,
    country_filter,
    priority_filter,
    under_region,
)

from .choices import AreaStatus, MembershipRole, Phase
from .models import AreaMembership, ThematicArea

# As the search entries of thematic_areas/migrations/0009_search_entries.py.
AREA_SEARCH = SearchFields(document=("name", "summary", "description"))


class AreaFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AreaStatus.choices, empty_label=ANY
    )
    phase = django_filters.ChoiceFilter(label=_("Phase"), choices=Phase.choices, empty_label=ANY)
    priority = priority_filter(_("Priority covered"))
    country = country_filter(
        help_text=_("Areas with a current lead or member region in this country."),
    )
    lead_region = RegionNameOrCodeFilter(
        label=_("Lead region"),
        method="filter_lead_region",
        help_text=_("A region's name or NUTS code, e.g. Andalucía or ES61."),
    )
    member_region = RegionNameOrCodeFilter(
        label=_("Member region"),
        method="filter_member_region",
        help_text=_("A region's name or NUTS code: areas it leads or has joined."),
    )
    changed = changed_within()
    updated_since = updated_since()
    q = SearchFieldsFilter(AREA_SEARCH)
    ordering = sort_by(
        (("name", "name"), ("created_at", "created"), ("phase", "phase")),
        {"name": _("Name"), "created_at": _("Date proposed"), "phase": _("Phase")},
    )

    class Meta:
        model = ThematicArea
        fields = []

    def _with_members(self, qs, **lookups):
        # A subquery rather than a join, so an area with several matching
        # members is listed once without DISTINCT.
        members = AreaMembership.objects.current().filter(**lookups)
        return qs.filter(pk__in=members.values("area"))

    def filter_priority(self, qs, name, value):
        return qs.filter(pk__in=value.thematic_areas.values("pk"))

    def filter_country(self, qs, name, value):
        return self._with_members(qs, region__country=value.upper())

    def filter_lead_region(self, qs, name, value):
        return self._with_members(qs, role=MembershipRole.LEAD, **under_region("region__", value))

    def filter_member_region(self, qs, name, value):
        return self._with_members(qs, **under_region("region__", value))
