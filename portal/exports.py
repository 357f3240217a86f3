"""The open-data exports the apps registered (`core.api.exports`), served under /api/v1/exports/."""

from django.urls import URLPattern, path

from core.api import exports


def urls() -> list[URLPattern]:
    """`exports/<name>/`, named `export-<name>`, for each registered export."""
    return [
        path(f"exports/{view.export_name}/", view.as_view(), name=f"export-{view.export_name}")
        for view in exports.registered()
    ]
