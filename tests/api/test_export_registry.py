"""The open-data exports are those the apps register, each served under its one name."""

import pytest
from django.urls import reverse

from core.api import exports
from portal.exports import urls
from regions.api.exports import RegionExport

# The app that owns the rows registers each: regions, thematic_areas, partnerships, projects.
REGISTERED = ["regions", "area-memberships", "partnership-memberships", "projects"]


def test_each_app_registers_the_export_of_its_rows():
    assert [view.export_name for view in exports.registered()] == REGISTERED


@pytest.mark.parametrize("name", REGISTERED)
def test_an_export_is_served_and_named_after_its_export_name(name):
    assert reverse(f"api:export-{name}") == f"/api/v1/exports/{name}/"


def test_a_newly_registered_export_gets_its_url(monkeypatch):
    clusters = type("ClusterExport", (RegionExport,), {"export_name": "clusters"})
    monkeypatch.setitem(exports._exports, "clusters", clusters)

    served = {(str(pattern.pattern), pattern.name) for pattern in urls()}

    assert ("exports/clusters/", "export-clusters") in served
    assert ("exports/regions/", "export-regions") in served
