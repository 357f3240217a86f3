import datetime
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.moderators import is_moderator
from core.workflow import RequestStatus
from partnerships.models import Call, Partnership, PartnershipJoinRequest
from portal import demo
from portal.management.commands.seed_demo import Command as SeedDemoCommand
from projects.models import InvestmentProject
from regions.choices import AffiliationStatus
from regions.models import Affiliation, Cluster, Region
from tests.page_helpers import text_of
from thematic_areas.choices import AreaStatus
from thematic_areas.models import AreaJoinRequest, AreaMembership, ThematicArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    return demo.seed_demo()


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def lead_codes(area):
    return set(area.memberships.leads().values_list("region__code", flat=True))


def test_it_loads_the_regions_first_when_none_are_loaded(seeded):
    assert seeded.loaded_reference_data
    assert Region.objects.count() == 1527


def test_seeding_twice_creates_no_duplicates(seeded):
    before = row_counts()

    summary = demo.seed_demo()

    assert row_counts() == before
    assert not summary.created
    assert not summary.loaded_reference_data


def test_the_demo_stands_on_the_real_partnerships_loaded_from_their_sources(seeded):
    area = ThematicArea.objects.get(slug="high-performance-production-through-3d-printing")

    assert area.status == AreaStatus.ACTIVE
    assert lead_codes(area) == {"NL41", "BE2", "PT11"}
    assert area.reported_region_count == 24
    assert area.notes.startswith("Source: Vanguard Initiative news")
    assert ThematicArea.objects.count() == 21


def test_areas_get_the_portals_theme_priorities(seeded):
    area = ThematicArea.objects.get(name="Efficient and Sustainable Manufacturing (ESM)")

    codes = set(area.priorities.values_list("scheme", "code"))

    assert codes == {("nace", "25"), ("nace", "28"), ("nabs", "06")}


def test_the_real_2016_call_and_an_open_demo_call(seeded):
    real = Call.objects.get(is_demo=False)
    assert (real.opens_on, real.closes_on) == (
        datetime.date(2016, 5, 1),
        datetime.date(2017, 3, 31),
    )
    demo_call = Call.objects.get(is_demo=True)
    assert demo_call.title.startswith("Demo call")
    assert demo_call.is_open()
    assert demo_call.opens_on == timezone.localdate() - datetime.timedelta(days=30)


def test_demo_clusters_are_flagged_published_and_in_lead_regions(seeded):
    clusters = Cluster.objects.select_related("region")

    assert 8 <= clusters.count() <= 15
    lead_regions = set(AreaMembership.objects.leads().values_list("region", flat=True))
    for cluster in clusters:
        assert cluster.is_demo
        assert cluster.name.startswith("Demo cluster — ")
        assert "demo data" in cluster.description
        assert cluster.status == "published"
        assert cluster.region_id in lead_regions
    assert clusters.filter(priorities__isnull=False).exists()


def test_demo_partnerships_have_a_coordinator_and_the_demo_call(seeded):
    for partnership in Partnership.objects.all():
        assert partnership.is_demo
        assert partnership.call.is_demo
        coordinator = partnership.memberships.get(role="coordinator")
        assert coordinator.cluster == partnership.coordinator
    assert PartnershipJoinRequest.objects.get().statement.startswith("Demo request —")


def test_demo_projects_are_flagged_and_complete(seeded):
    projects = InvestmentProject.objects.select_related("area")

    assert 4 <= projects.count() <= 8
    assert projects.filter(status="published").count() > projects.count() / 2
    for project in projects:
        assert project.is_demo
        assert project.title.startswith("Demo project — ")
        assert project.lead_region.code in lead_codes(project.area)
        assert project.partners.filter(role="lead", region=project.lead_region).exists()
        assert project.partners.filter(organisation_name__startswith="Demo SME").exists()
        assert project.funding_sources.filter(kind="erdf", status="planned").exists()
        assert project.stage_changes.get().to_stage == project.stage


def test_demo_join_requests_are_labelled_pending_and_invent_no_member(seeded):
    requests = AreaJoinRequest.objects.all()
    assert all(request.statement.startswith("Demo request —") for request in requests)
    assert requests.count() == requests.filter(status=RequestStatus.PENDING).count() == 2
    # Every member of a real area is one its sources name.
    assert not AreaMembership.objects.filter(source_url="", source_note="").exists()


def test_the_demo_moderator_can_log_in_and_moderates(seeded, client):
    assert client.login(email=demo.MODERATOR_EMAIL, password=demo.MODERATOR_PASSWORD)
    moderator = User.objects.get(email=demo.MODERATOR_EMAIL)
    assert is_moderator(moderator)
    assert EmailAddress.objects.filter(
        user=moderator, email=demo.MODERATOR_EMAIL, verified=True, primary=True
    ).exists()


def test_demo_representatives_have_verified_affiliations(seeded, client):
    assert client.login(email="lombardia@demo.s3p.eu", password=demo.REPRESENTATIVE_PASSWORD)
    affiliation = Affiliation.objects.get(user__email="lombardia@demo.s3p.eu")
    assert affiliation.status == AffiliationStatus.VERIFIED
    assert affiliation.region.code == "ITC4"
    cluster_affiliation = Affiliation.objects.get(user__email=demo.CLUSTER_REPRESENTATIVE)
    assert cluster_affiliation.cluster.is_demo


def test_the_command_prints_a_summary_and_documents_the_credentials():
    out = StringIO()

    call_command("seed_demo", stdout=out)

    assert "21 thematic areas" in out.getvalue()
    for email, password, _role in demo.credentials():
        assert f"{email} / {password}" in out.getvalue()
        assert f"{email} / {password}" in SeedDemoCommand.help


def test_the_demo_regions_get_labelled_priorities_so_matchmaking_has_something_to_rank(
    seeded, client
):
    lombardia = Region.objects.get(code="ITC4")
    priorities = lombardia.region_priorities.all()

    assert priorities.exists()
    assert {p.description for p in priorities} == {demo.DEMO_PRIORITY}
    assert demo.DEMO_PRIORITY in text_of(client.get(lombardia.get_absolute_url()))
    expected = (
        ThematicArea.objects.filter(
            status=AreaStatus.ACTIVE, priorities__in=[p.priority for p in priorities]
        )
        .exclude(memberships__region=lombardia, memberships__left_at__isnull=True)
        .first()
    )
    matches = text_of(client.get(reverse("projects:region_matches", args=["ITC4"])))
    assert expected.name in matches


def test_an_area_page_shows_its_missing_priorities_and_who_would_bring_them(seeded, client):
    # Advanced manufacturing for energy declares the advanced-manufacturing
    # codes (NACE 25 and 28, NABS 06), which neither of its known members
    # declares; the demo gives them to Lombardia and Piemonte and to the demo
    # clusters on advanced manufacturing.
    area = ThematicArea.objects.get(name__startswith="Advanced Manufacturing for Energy")

    body = text_of(client.get(area.get_absolute_url()))

    missing = body[body.index('id="missing-priorities"') : body.index('aria-labelledby="members"')]
    for code in ("NABS 06", "NACE 25", "NACE 28"):
        assert code in missing
    assert "Lombardia (ITC4)" in missing
    # Norte's category is recorded (less developed) and Piemonte took part in
    # the industrial-transition pilot: both are boosted.
    assert "Demo cluster — Textiles (Norte)" in missing
    assert "3 missing priorities × 1 × 1.5 (Less developed region)" in missing
    assert "3 missing priorities × 1 × 1.5 (industrial-transition pilot region)" in missing
    assert "<title>Lombardia (ITC4): Would bring a missing priority</title>" in body
    # Lombardia's advanced-manufacturing priorities are the demo's, not its strategy's.
    lombardia = missing[missing.index("Lombardia (ITC4)") :]
    assert "Demo data" in lombardia[: lombardia.index("Shared priorities")]


def test_the_demo_refuses_to_run_with_production_settings(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="production settings"):
        call_command("seed_demo", stdout=StringIO())

    assert not User.objects.exists()
    assert not ThematicArea.objects.exists()
