"""The one filter set of investment projects, shared by the projects page and the API.

The caller passes the queryset the user may see (`permissions.visible_projects`),
so `status` only ever narrows what is already visible.

`country` matches a project whose lead region is in that country *or* that
has a partner there (member region, cluster or external organisation): a
visitor asking for "projects in Poland" wants every project Polish
organisations take part in, not only those Poland leads.

`cohesion_category` is that of the lead region; a NUTS 3 lead region takes
its NUTS 2 parent's category, as categories are set at NUTS 2 only.
"""

from decimal import Decimal

import django_filters
from django import forms
from django.db.models import DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.listing import changed_within, updated_since
from core.searchable import SearchFields, SearchFieldsFilter
from partnerships.filters import area_filter, partnership_filter
from regions.choices import CohesionCategory
from regions.filters import ANY, RegionNameOrCodeFilter, country_filter

from .choices import FundingStatus, ProjectStatus, Stage
from .models import FundingSource, InvestmentProject, ProjectPartner

# As the search entries of projects/migrations/0009_search_entries.py.
PROJECT_SEARCH = SearchFields(document=("title", "summary"))


def funding_sum(status):
    """Each project's funding of that status (planned or secured), as a subquery; 0 if none."""
    total = (
        FundingSource.objects.filter(project=OuterRef("pk"), status=status)
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=16, decimal_places=2)
    return Coalesce(Subquery(total, output_field=money), Value(Decimal("0")), output_field=money)


class ProjectFilter(django_filters.FilterSet):
    q = SearchFieldsFilter(PROJECT_SEARCH)
    area = area_filter()
    partnership = partnership_filter()
    # A project has one stage, so no row can repeat: without distinct=False
    # the filter adds a DISTINCT over every selected column, which makes
    # PostgreSQL sort all matching rows (and count them again) for one page.
    stage = django_filters.MultipleChoiceFilter(
        label=_("Stage"),
        choices=Stage.choices,
        distinct=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProjectStatus.choices, empty_label=ANY
    )
    country = country_filter(
        help_text=_("Projects led from or with a partner in that country."),
    )
    lead_region = RegionNameOrCodeFilter(
        label=_("Lead region"),
        field_name="lead_region",
        help_text=_("A region's name or NUTS code: projects that region leads."),
    )
    cohesion_category = django_filters.ChoiceFilter(
        label=_("Cohesion category of the lead region"),
        choices=CohesionCategory.choices,
        method="filter_cohesion_category",
        empty_label=ANY,
    )
    investment_min = django_filters.NumberFilter(
        label=_("Total investment from (EUR)"),
        field_name="total_investment",
        lookup_expr="gte",
        min_value=0,
    )
    investment_max = django_filters.NumberFilter(
        label=_("Total investment up to (EUR)"),
        field_name="total_investment",
        lookup_expr="lte",
        min_value=0,
    )
    changed = changed_within()
    updated_since = updated_since()
    gap_min = django_filters.NumberFilter(
        label=_("Funding gap from (EUR)"),
        method="filter_gap_min",
        min_value=0,
        help_text=_("Total investment minus secured funding."),
    )

    class Meta:
        model = InvestmentProject
        fields = []

    def filter_country(self, queryset, name, value):
        country = value.strip().upper()
        if not country:
            return queryset
        # EXISTS rather than a join, so a project with two partners there is
        # listed once without DISTINCT; and rather than IN, so PostgreSQL can
        # walk the projects in page order and stop at the page's end instead
        # of first collecting every project with a partner there.
        with_partner = ProjectPartner.objects.filter(project=OuterRef("pk"), country=country)
        return queryset.filter(Q(lead_region__country=country) | Exists(with_partner))

    def filter_cohesion_category(self, queryset, name, value):
        return queryset.filter(
            Q(lead_region__cohesion_category=value)
            | Q(lead_region__cohesion_category="", lead_region__parent__cohesion_category=value)
        )

    def filter_gap_min(self, queryset, name, value):
        return queryset.annotate(
            funding_gap=F("total_investment") - funding_sum(FundingStatus.SECURED)
        ).filter(funding_gap__gte=value)
