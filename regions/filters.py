"""Filters of the region and cluster lists, shared by the pages and the REST API.

Every lookup is by a public key (NUTS code, priority code), never a database
id, so a filtered URL can be shared and read. A value that does not parse is
a form error: the page shows it on the filter form, the API answers 400.
Visibility is the caller's business: the view or API hands in a queryset the
user may see, and these filters only narrow it.
"""

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.cache import cached_until_write
from core.forms import LazyChoicesSelect
from core.listing import changed_within, sort_by, updated_since
from core.searchable import SearchFields, SearchFieldsFilter

from .choices import ClusterLabel, CohesionCategory, NutsLevel, PriorityScheme
from .models import Cluster, Priority, Region
from .names import regions_named

ANY = _("Any")
# Rows sharing a typed name (regions, areas, partnerships) that an error lists, at most.
MAX_NAMESAKES = 10
# "true"/"false" as in JSON, so page and API URLs read the same; anything
# else is an invalid choice rather than silently ignored.
YES_NO = [("true", _("Yes")), ("false", _("No"))]

# As the search entries of regions/migrations/0009_search_entries.py.
REGION_SEARCH = SearchFields(document=("name", "name_en", "name_national", "code"))
CLUSTER_SEARCH = SearchFields(document=("name", "acronym", "description"))
# Priorities are not in the global search: no index is built for them.
PRIORITY_SEARCH = SearchFields(document=("code", "name"))

country_code_validator = RegexValidator(
    r"^[A-Za-z]{2}$", _("A country code is two letters, as in the NUTS codes (DE, FR, EL…).")
)


class RegionNameOrCodeField(forms.CharField):
    """A region typed as people know it: its NUTS code, or its Latin, national or English name.

    A name that several nested regions share (Bremen is DE5, DE50 and DE501)
    is the largest of them, which holds the others; a name that unrelated
    regions share is refused with their codes, to choose from.
    """

    default_error_messages = {
        "unknown": _("No region has this name or NUTS code."),
        "ambiguous": _("Several regions have this name: %(regions)s. Give the NUTS code."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("help_text", _("A region's name or NUTS code, e.g. Andalucía or ES61."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def clean(self, value):
        typed = super().clean(value).strip()
        if not typed:
            return None
        region = Region.objects.filter(code=typed.upper()).first()
        if region is not None:
            return region
        namesakes = regions_named(typed)[:MAX_NAMESAKES]
        named = list(Region.objects.filter(pk__in=namesakes).order_by("level", "code"))
        if not named:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        if all(other.code.startswith(named[0].code) for other in named):
            return named[0]
        raise forms.ValidationError(
            self.error_messages["ambiguous"],
            code="ambiguous",
            params={"regions": ", ".join(str(region) for region in named)},
        )


def pickable_priorities() -> QuerySet[Priority]:
    """NACE sections and divisions and NABS chapters: the codes matchmaking compares."""
    return Priority.objects.filter(
        Q(scheme=PriorityScheme.NACE, level__lte=2) | Q(scheme=PriorityScheme.NABS)
    ).order_by("scheme", "code")


def priority_options() -> list[tuple[str, str]]:
    # The same for every page and every user: kept until the next write.
    return cached_until_write(
        "priority-options",
        lambda: [(f"{p.scheme}:{p.code}", p.short_label) for p in pickable_priorities()],
    )


def country_options() -> list[tuple[str, str]]:
    countries = Region.objects.filter(level=NutsLevel.COUNTRY).order_by("code")
    return cached_until_write(
        "country-options",
        lambda: [
            (code, f"{name} ({code})") for code, name in countries.values_list("code", "name")
        ],
    )


def country_filter(**kwargs: Any) -> django_filters.CharFilter:
    """A country by its NUTS code (DE, EL…), chosen by name on the pages."""
    return django_filters.CharFilter(
        label=kwargs.pop("label", _("Country")),
        method="filter_country",
        validators=[country_code_validator],
        widget=LazyChoicesSelect(country_options, ANY),
        **kwargs,
    )


class PriorityCodeField(forms.CharField):
    """A priority written `scheme:code`, e.g. `nace:C25` or `nabs:07`."""

    default_error_messages = {
        "format": _(
            "Write a priority as scheme:code, for example nace:C25 (schemes: %(schemes)s)."
        ),
        "unknown": _("No priority has the code “%(value)s”."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        # Pages offer the domains by name; the API takes scheme:code.
        kwargs.setdefault("widget", LazyChoicesSelect(priority_options, ANY))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # "nace:C25" in a shared address is the option "nace:25".
        if isinstance(value, str) and ":" in value:
            scheme, _sep, code = value.strip().partition(":")
            if scheme.lower() in PriorityScheme.values:
                return f"{scheme.lower()}:{Priority.plain_code(scheme.lower(), code)}"
        return value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        scheme, sep, code = value.strip().partition(":")
        schemes = ", ".join(PriorityScheme.values)
        if not sep or scheme.lower() not in PriorityScheme.values or not code:
            raise ValidationError(
                self.error_messages["format"], code="format", params={"schemes": schemes}
            )
        scheme = scheme.lower()
        priority = Priority.objects.filter(
            scheme=scheme, code=Priority.plain_code(scheme, code)
        ).first()
        if priority is None:
            raise ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": value}
            )
        return priority


# The API schema documents these as strings: the NUTS code or name, the scheme:code.
@extend_schema_field(OpenApiTypes.STR)
class RegionNameOrCodeFilter(django_filters.Filter):
    """A region by NUTS code or name."""

    field_class = RegionNameOrCodeField


@extend_schema_field(OpenApiTypes.STR)
class PriorityFilter(django_filters.Filter):
    field_class = PriorityCodeField


def priority_filter(label: str | Promise) -> PriorityFilter:
    """A NACE or NABS domain, chosen by name on the pages and written scheme:code in the API;
    the filter set's `filter_priority` says which rows have it."""
    return PriorityFilter(
        label=label,
        method="filter_priority",
        help_text=_(
            "An economic (NACE) or scientific (NABS) domain; in the API scheme:code, e.g. nace:25."
        ),
    )


def under_region(prefix, region):
    """A lookup for `region` and every region inside it: NUTS codes nest by prefix."""
    return {f"{prefix}code__startswith": region.code}


class RegionFilter(django_filters.FilterSet):
    country = country_filter(help_text=_("In the API: the two-letter code, e.g. DE or EL."))
    level = django_filters.ChoiceFilter(
        label=_("NUTS level"), choices=NutsLevel.choices, empty_label=ANY
    )
    category = django_filters.ChoiceFilter(
        label=_("Cohesion category"),
        field_name="cohesion_category",
        choices=CohesionCategory.choices,
        empty_label=ANY,
    )
    pilot = django_filters.ChoiceFilter(
        label=_("Industrial-transition pilot 2017–2018"),
        method="filter_pilot",
        choices=YES_NO,
        empty_label=ANY,
    )
    priority = priority_filter(_("Priority"))
    within = RegionNameOrCodeFilter(
        label=_("Within region"),
        method="filter_within",
        help_text=_("A region's name or NUTS code: the region and all regions inside it."),
    )
    q = SearchFieldsFilter(REGION_SEARCH)
    ordering = sort_by((("code", "code"), ("name", "name"), ("level", "level")))

    class Meta:
        model = Region
        fields = []

    def filter_country(self, qs, name, value):
        return qs.filter(country=value.upper())

    def filter_pilot(self, qs, name, value):
        return qs.filter(industrial_transition_pilot=value == "true")

    def filter_priority(self, qs, name, value):
        return qs.filter(pk__in=value.region_priorities.values("region"))

    def filter_within(self, qs, name, value):
        return qs.filter(**under_region("", value))


class ClusterFilter(django_filters.FilterSet):
    country = country_filter(help_text=_("In the API: the two-letter code, e.g. DE or EL."))
    region = RegionNameOrCodeFilter(
        label=_("Region"),
        method="filter_region",
        help_text=_("A region's name or NUTS code: clusters located in that region or inside it."),
    )
    priority = priority_filter(_("Sector or priority"))
    label = django_filters.ChoiceFilter(
        label=_("ESCA cluster label"), choices=ClusterLabel.choices, empty_label=ANY
    )
    changed = changed_within()
    updated_since = updated_since()
    q = SearchFieldsFilter(CLUSTER_SEARCH)
    ordering = sort_by((("name", "name"), ("region__code", "region"), ("created_at", "created")))

    class Meta:
        model = Cluster
        fields = []

    def filter_country(self, qs, name, value):
        return qs.filter(region__country=value.upper())

    def filter_region(self, qs, name, value):
        return qs.filter(**under_region("region__", value))

    def filter_priority(self, qs, name, value):
        return qs.filter(pk__in=value.clusters.values("pk"))
