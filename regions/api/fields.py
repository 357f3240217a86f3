"""How the API refers to regions and priorities: by NUTS code and by scheme:code, never by id."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.serializers import VisibleSlugField
from regions.models import Cluster, Priority, Region


class RegionCodeField(serializers.SlugRelatedField):
    """A region given and shown as its NUTS code (ES51, BE2, SI)."""

    default_error_messages = {
        "does_not_exist": _("Unknown NUTS code “{value}”."),
        "invalid": _("A NUTS code is a string such as ES51."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Region.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.strip().upper()
        return super().to_internal_value(data)


def organisation_fields(
    clusters: QuerySet[Cluster],
    visible: Callable[[Any], QuerySet[Cluster]] | None = None,
) -> tuple[RegionCodeField, VisibleSlugField]:
    """The `region` and `cluster` fields of an input naming the organisation the caller
    acts for: a region by NUTS code or a cluster of `clusters` (or of `visible(user)`, see
    `VisibleSlugField`) by slug.

    Declared in the serializer's body (`region, cluster = organisation_fields(...)`), so
    that they keep their place among its fields; its `validate` ends with `one_organisation`.
    """
    region = RegionCodeField(
        required=False, help_text=_("NUTS code of the region you act for; or give `cluster`.")
    )
    cluster = VisibleSlugField(
        clusters,
        visible,
        required=False,
        help_text=_("Slug of the cluster you act for; or give `region`."),
    )
    return region, cluster


def one_organisation(attrs: dict[str, Any]) -> dict[str, Any]:
    """The validated input of `organisation_fields`, with the one region or cluster given
    as `organisation`; giving both or neither is refused."""
    if ("region" in attrs) == ("cluster" in attrs):
        raise serializers.ValidationError(
            {"region": _("Give either the region or the cluster you act for.")}
        )
    attrs["organisation"] = attrs.pop("region", None) or attrs.pop("cluster")
    return attrs


@extend_schema_field(OpenApiTypes.STR)
class PriorityKeyField(serializers.RelatedField):
    """A priority as `scheme:code`, e.g. `nace:C25`, as Eye@RIS3 codes it."""

    default_error_messages = {
        "does_not_exist": _("Unknown priority “{value}”."),
        "invalid": _("A priority is written scheme:code, e.g. nace:C25."),
    }

    def __init__(self, **kwargs):
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Priority.objects.all())
        super().__init__(**kwargs)

    def to_representation(self, value):
        return priority_key(value)

    def to_internal_value(self, data):
        if not isinstance(data, str) or data.count(":") != 1:
            self.fail("invalid")
        scheme, code = data.split(":")
        priority = self.get_queryset().filter(scheme=scheme, code=code).first()
        if priority is None:
            self.fail("does_not_exist", value=data)
        return priority


def priority_key(priority):
    return f"{priority.scheme}:{priority.code}"
