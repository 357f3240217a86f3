from typing import Any

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


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Shown to the applicant; required when rejecting."),
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
