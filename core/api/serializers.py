from collections import defaultdict
from collections.abc import Callable
from typing import Any, cast

from django.db.models import Model, QuerySet
from django.db.models.manager import BaseManager
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class StrictSerializer(serializers.Serializer):
    """Input that refuses fields it does not know, so a typo is a 400 and not silently dropped."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        known = {name for name, field in self.fields.items() if not field.read_only}
        if isinstance(self.initial_data, dict):
            unknown = sorted(set(self.initial_data) - known)
            if unknown:
                raise serializers.ValidationError(dict.fromkeys(unknown, _("Unknown field.")))
        return super().validate(attrs)


class VisibleSlugField(serializers.SlugRelatedField):
    """An object given by its slug, among `queryset`; in a `CallerInputSerializer` built with
    the caller, among those the caller may see (`visible(user)`)."""

    def __init__(
        self,
        queryset: QuerySet[Any],
        visible: Callable[[Any], QuerySet[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.visible = visible
        super().__init__(slug_field="slug", queryset=queryset, **kwargs)


# Input built with the caller (`user`): its `VisibleSlugField`s take only what the caller may
# see, so that an answer never tells a hidden object exists. Not a docstring: the schema would
# give it as the description of the serializers that have none.
class CallerInputSerializer(StrictSerializer):
    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            for field in self.fields.values():
                if isinstance(field, VisibleSlugField) and field.visible is not None:
                    field.queryset = field.visible(user)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Shown to the applicant; required when rejecting."),
    )


def related_url_field(
    view_name: str, source: str, lookup_field: str = "slug", **kwargs: Any
) -> serializers.HyperlinkedRelatedField:
    """The API address of the related object `source`, read only; `kwargs` as
    HyperlinkedRelatedField's (`allow_null` where the relation may be empty)."""
    return serializers.HyperlinkedRelatedField(
        source=source, view_name=view_name, lookup_field=lookup_field, read_only=True, **kwargs
    )


def nested_list_url_field(
    view_name: str, url_kwarg: str, lookup_field: str = "slug"
) -> serializers.HyperlinkedIdentityField:
    """The API address of a list nested under the resource (its partners, its members…),
    whose URL names the resource as `url_kwarg`."""
    return serializers.HyperlinkedIdentityField(
        view_name=view_name, lookup_field=lookup_field, lookup_url_kwarg=url_kwarg
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class OptionalURLField(serializers.URLField):
    """A URL the model may leave blank, given as null rather than an empty string."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, allow_null=True, **kwargs)

    # A blank URL is read as None, which the serializer gives as null without
    # calling `to_representation` (a URL field's is typed to give a string).
    def get_attribute(self, instance: Any) -> str | None:
        return super().get_attribute(instance) or None


def attach_rows(
    items: list[Model], rows: QuerySet[Any], key: str, fields: tuple[str, ...], attr: str
) -> None:
    """Set `attr` of each item to the `fields` of the `rows` whose `key` is its pk, in one query.

    Plain tuples, not a prefetch: a page of 100 areas has thousands of
    current memberships, and making each a model instance (with its region)
    cost more than the rest of the request.
    """
    found: dict[Any, list[tuple[Any, ...]]] = defaultdict(list)
    pks = [item.pk for item in items]
    for key_value, *values in rows.filter(**{f"{key}__in": pks}).values_list(key, *fields):
        found[key_value].append(tuple(values))
    for item in items:
        setattr(item, attr, found[item.pk])


class AttachingListSerializer(serializers.ListSerializer):
    """Lets the child read what a page of items needs in one query (`attach`) before each item."""

    def to_representation(self, data: Any) -> list[Any]:
        items = list(data.all() if isinstance(data, BaseManager) else data)
        child = cast(AttachingSerializer, self.child)
        child.attach(items)
        return super().to_representation(items)


class AttachingSerializer(serializers.ModelSerializer):
    """A model serializer whose items carry rows read for the whole page (`attach_rows`).

    Subclasses set `Meta.list_serializer_class = AttachingListSerializer`,
    name the attribute in `attached` and fill it in `attach`; an item
    serialised alone is attached on its own.
    """

    attached: str

    def attach(self, items: list[Model]) -> None:
        raise NotImplementedError

    def to_representation(self, instance: Model) -> Any:
        if not hasattr(instance, self.attached):
            self.attach([instance])
        return super().to_representation(instance)
