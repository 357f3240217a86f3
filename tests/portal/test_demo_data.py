"""Demo data never passes for real: flagged everywhere, out of every figure unless asked for."""

import json
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from partnerships.models import Call, Partnership
from portal import demo
from portal.pipeline import pipeline_data
from portal.views import _home_data
from projects.models import InvestmentProject
from regions import loaders
from regions.models import Cluster, RegionPriority
from tests.page_helpers import text_of
from tests.projects.factories import ProjectFactory
from thematic_areas import reference
from thematic_areas.models import AreaJoinRequest, AreaMembership
from thematic_areas.services import approve_area_join_request

pytestmark = pytest.mark.django_db


def exported(client, name, **params):
    return json.loads(client.get(f"/api/v1/exports/{name}/", params).getvalue())["results"]


def figures(client):
    """What visitors and third parties read as aggregates: home, pipeline, exports."""
    cache.clear()
    home = _home_data(include_demo=False)["figures"]
    home.pop("demo_records")
    pipeline = pipeline_data()
    pipeline["headline"].pop("demo_projects")
    return {
        "home": home,
        "pipeline": pipeline,
        "api pipeline": client.get("/api/v1/pipeline/").json()["tables"],
        "projects export": exported(client, "projects"),
        "memberships export": exported(client, "partnership-memberships"),
    }


@pytest.fixture
def real_only():
    """The real data, with one real published project so that the figures are not empty."""
    loaders.load_reference_data()
    reference.load_partnerships()
    area = AreaMembership.objects.select_related("area", "region").first()
    ProjectFactory(
        area=area.area, lead_region=area.region, status="published", total_investment=1000
    )


def test_with_the_demo_loaded_every_figure_equals_the_figures_without_it(real_only):
    client = APIClient()
    before = figures(client)

    demo.seed_demo()

    assert figures(client) == before
    with_demo = pipeline_data(include_demo=True)
    assert with_demo["headline"]["projects"] != before["pipeline"]["headline"]["projects"]
    assert len(exported(client, "projects", demo="include")) > len(before["projects export"])
    assert _home_data(include_demo=True)["figures"]["projects"] > before["home"]["projects"]


def test_pages_say_what_they_leave_out_and_offer_the_demo(real_only):
    demo.seed_demo()
    published_demo = InvestmentProject.objects.filter(is_demo=True, status="published").count()
    client = Client()

    pipeline = " ".join(text_of(client.get("/pipeline/")).split())
    home = " ".join(text_of(client.get("/")).split())
    with_demo = " ".join(text_of(client.get("/pipeline/?demo=include")).split())

    assert f"{published_demo} demo projects (fictitious data" in pipeline
    assert 'href="/pipeline/?demo=include"' in pipeline
    assert "are left out of these figures" in home
    assert f"These figures include {published_demo} demo projects" in with_demo
    assert "/pipeline/figures.json?demo=include" in with_demo


def test_the_api_and_exports_flag_demo_records(real_only):
    demo.seed_demo()
    client = APIClient()

    project = client.get("/api/v1/projects/").json()["results"][0]
    assert project["is_demo"] is True
    assert {c["is_demo"] for c in client.get("/api/v1/clusters/").json()["results"]} == {True}
    assert {p["is_demo"] for p in client.get("/api/v1/partnerships/").json()["results"]} == {True}
    calls = {c["slug"]: c["is_demo"] for c in client.get("/api/v1/calls/").json()["results"]}
    assert sorted(calls.values()) == [False, True]
    rows = exported(client, "projects", demo="include")
    assert {row["is_demo"] for row in rows} == {False, True}
    csv = client.get("/api/v1/exports/projects/", {"format": "csv"}).getvalue().decode()
    assert csv.splitlines()[0].split(",")[-2] == "is_demo"


def test_a_demo_request_can_never_make_a_real_region_a_member_of_a_real_area(real_only):
    demo.seed_demo()
    request = AreaJoinRequest.objects.filter(is_demo=True).select_related("area").first()
    moderator = User.objects.get(email=demo.MODERATOR_EMAIL)

    with pytest.raises(ValidationError, match="This is a demo request"):
        approve_area_join_request(request_id=request.pk, user=moderator)

    request.refresh_from_db()
    assert request.is_pending
    assert not request.area.memberships.filter(region=request.region).exists()


def test_remove_demo_deletes_every_demo_record_and_nothing_real(real_only):
    client = APIClient()
    before = figures(client)
    memberships = AreaMembership.objects.count()
    demo.seed_demo()

    out = StringIO()
    call_command("remove_demo", stdout=out)

    assert "Demo data removed." in out.getvalue()
    for model in (InvestmentProject, Partnership, Call, Cluster, RegionPriority, AreaJoinRequest):
        assert not model.objects.filter(is_demo=True).exists(), model
    assert not User.objects.filter(email__in=demo.DEMO_ACCOUNTS).exists()
    assert Call.objects.filter(is_demo=False).count() == 1
    assert AreaMembership.objects.count() == memberships
    assert figures(client) == before
    again = StringIO()
    call_command("remove_demo", stdout=again)
    assert "No demo data to remove." in again.getvalue()


def test_remove_demo_removes_nothing_while_a_real_record_depends_on_demo_data(real_only):
    demo.seed_demo()
    partnership = Partnership.objects.filter(is_demo=True).first()
    ProjectFactory(area=partnership.area, partnership=partnership, is_demo=False)

    with pytest.raises(demo.DemoRemovalBlocked, match="nothing was removed"):
        demo.remove_demo()

    assert InvestmentProject.objects.filter(is_demo=True).exists()
    assert Partnership.objects.filter(pk=partnership.pk).exists()
