"""Slugs for the records people create (areas, clusters, projects): readable and unique."""

from collections.abc import Collection

from django.db.models import Model
from django.utils.text import slugify


def unique_slug(model: type[Model], name: str, *, fallback: str, reserved: Collection[str]) -> str:
    """The slug of `name`, numbered (`-2`, `-3`…) until no `model` row has it.

    `reserved` are the path segments beside the records' pages (`/areas/propose/`),
    which a slug must not shadow.
    """
    base = slugify(name)[:200] or fallback
    slug, n = base, 2
    while slug in reserved or model._default_manager.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
