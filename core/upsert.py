"""Idempotent writes for loaders: a second run with the same input writes nothing."""

from typing import Any

from django.db import models


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any] | None = None,
    create_only: dict[str, Any] | None = None,
) -> tuple[Any, bool]:
    """get_or_create, then save only the `values` that changed.

    `create_only` values (timestamps, deciders, a starting status) are set
    when the row is created and never rewritten, so a re-run leaves the row
    untouched (and writes no history row).
    """
    values = values or {}
    obj, created = model._default_manager.get_or_create(
        **lookup, defaults={**values, **(create_only or {})}
    )
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.save(update_fields=changed)
    return obj, created
