"""The real partnerships and their known members, loaded from the shipped sources."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from regions import loaders
from regions.models import Region
from tests.accounts.factories import UserFactory
from tests.page_helpers import text_of
from thematic_areas import reference
from thematic_areas.choices import AreaStatus, MembershipRole, Platform
from thematic_areas.models import AreaMembership, AreaSource, NamedParticipant, ThematicArea

pytestmark = pytest.mark.django_db

MEMBERS = json.loads(reference.MEMBERS_FILE.read_text(encoding="utf-8"))
PARTNERSHIPS = json.loads(reference.PARTNERSHIPS_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def loaded():
    loaders.load_reference_data()
    return reference.load_partnerships()


def area_named(name):
    return ThematicArea.objects.get(name=name)


def test_every_member_row_is_a_membership_or_a_named_participant(loaded):
    for entry in MEMBERS.values():
        area = area_named(entry["name"])
        for row in entry["members"]:
            role = reference.ROLES[row["role"]]
            if row["nuts_code"]:
                membership = AreaMembership.objects.current().get(
                    area=area, region__code=row["nuts_code"]
                )
                assert (membership.role, membership.source_url) == (role, row["source_url"])
            else:
                participant = NamedParticipant.objects.get(
                    area=area, name=row["region_name_as_in_source"]
                )
                assert (participant.role, participant.source_url) == (role, row["source_url"])
                assert participant.note == row.get("note", "")
    named = sum(1 for e in MEMBERS.values() for row in e["members"] if not row["nuts_code"])
    assert NamedParticipant.objects.count() == named == 8


def test_no_real_record_carries_the_loading_time_as_a_date(loaded):
    assert not AreaMembership.objects.filter(joined_at__isnull=False).exists()
    assert not ThematicArea.objects.filter(created_at__isnull=False).exists()
    assert not ThematicArea.objects.exclude(phase="").exists()
    assert ThematicArea.objects.count() == 21


def test_a_partnership_the_members_file_names_no_one_of_keeps_its_documented_leads(loaded):
    medtech = area_named("Medical Technology")

    lead = medtech.memberships.get()
    assert (lead.region.code, lead.role, lead.joined_at) == ("FRK", MembershipRole.LEAD, None)
    assert lead.source_note.startswith("Source: ")


def test_areas_whose_leads_are_unknown_are_active_with_an_unknown_phase(loaded):
    for name in ("Photonics", "SME Integration to Industry 4.0", "Artificial Intelligence"):
        area = area_named(name)
        assert area.status == AreaStatus.ACTIVE
        assert area.phase == ""
        assert not area.memberships.exists()
        assert area.platform == Platform.INDUSTRIAL_MODERNISATION


def test_platforms_and_sources_are_recorded_as_the_sources_state_them(loaded):
    marine = area_named("Marine Renewable Energy")
    assert marine.platform == Platform.ENERGY
    assert AreaSource.objects.filter(area=marine, url=marine.platform_source_url).exists()
    printing = area_named("High Performance Production through 3D Printing")
    assert (printing.platform, printing.platform_source_url) == ("", "")
    assert set(printing.sources.values_list("url", flat=True)) == {
        row["source_url"]
        for row in MEMBERS["high-performance-production-through-3d-printing"]["members"]
    }
    platforms = {a.platform for a in ThematicArea.objects.all()}
    assert platforms == {"", Platform.ENERGY, Platform.INDUSTRIAL_MODERNISATION}
    assert ThematicArea.objects.filter(platform="").count() == 8


def test_the_ambiguous_limburg_is_kept_by_name_not_guessed(loaded):
    medicine = area_named("Personalised Medicine")

    assert set(medicine.memberships.values_list("region__code", flat=True)) == {"BE2", "NL2"}
    assert medicine.named_participants.get().name == "Limburg"


def test_loading_twice_changes_nothing(loaded):
    before = (
        list(AreaMembership.objects.values()),
        list(NamedParticipant.objects.values()),
        list(AreaSource.objects.values()),
        list(ThematicArea.objects.values()),
    )

    report = reference.load_partnerships()

    assert report == reference.LoadReport()
    after = (
        list(AreaMembership.objects.values()),
        list(NamedParticipant.objects.values()),
        list(AreaSource.objects.values()),
        list(ThematicArea.objects.values()),
    )
    assert after == before


def test_a_member_admitted_on_the_platform_keeps_its_date_and_gains_its_source(loaded):
    area = area_named("Cybersecurity Smart Regions")
    membership = area.memberships.get(region__code="FRH0")
    joined = timezone.now()
    AreaMembership.objects.filter(pk=membership.pk).update(
        joined_at=joined, approved_by=UserFactory(), source_url="", role=MembershipRole.MEMBER
    )

    report = reference.load_partnerships()

    membership.refresh_from_db()
    assert membership.joined_at == joined
    assert membership.role == MembershipRole.MEMBER
    assert membership.source_url
    assert report.completed == ["FRH0"]


def test_a_moderators_phase_and_status_stay(loaded):
    area = area_named("Chemicals")
    ThematicArea.objects.filter(pk=area.pk).update(phase="connect", status=AreaStatus.CLOSED)

    reference.load_partnerships()

    area.refresh_from_db()
    assert (area.phase, area.status) == ("connect", AreaStatus.CLOSED)


def test_members_need_their_regions_loaded_first():
    with pytest.raises(CommandError, match="unknown NUTS code 'NL41': run load_regions first"):
        call_command("load_partnerships", stdout=StringIO())

    assert not ThematicArea.objects.exists()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda m: m["chemicals"]["members"][0].update(role="owner"), "unknown role 'owner'"),
        (
            lambda m: m["chemicals"]["members"][0].update(source_url="ftp://x"),
            "source_url must be a web address",
        ),
        (lambda m: m["chemicals"].update(platform="S3P-Agrifood"), "unknown platform"),
        (
            lambda m: m["chemicals"].update(platform_source_url=None),
            "a platform without its source",
        ),
        (lambda m: m["chemicals"].update(name="Chemistry"), "no partnership is named 'Chemistry'"),
    ],
)
def test_a_malformed_members_file_is_rejected_and_nothing_is_written(tmp_path, change, problem):
    loaders.load_reference_data()
    members = json.loads(json.dumps(MEMBERS))
    change(members)
    path = tmp_path / "members.json"
    path.write_text(json.dumps(members), encoding="utf-8")

    with pytest.raises(CommandError) as error:
        call_command("load_partnerships", members=path, stdout=StringIO())

    assert problem in str(error.value)
    assert not ThematicArea.objects.exists()


def test_a_file_that_is_not_json_is_rejected(tmp_path):
    path = tmp_path / "members.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_partnerships", members=path, stdout=StringIO())


def test_the_area_page_shows_its_platform_sources_and_known_members(loaded, client):
    area = area_named("Marine Renewable Energy")

    body = " ".join(text_of(client.get(area.get_absolute_url())).split())

    assert "Thematic platform</dt>" in body
    assert "Energy" in body
    assert "Regions its sources report</dt>" in body
    assert "Scotland (UK)" in body
    assert "Sogn og Fjordane (NO)" in body
    assert "Participants outside the NUTS 2021 classification of the EU-27" in body
    for url in area.sources.values_list("url", flat=True):
        assert f'href="{url}"' in body.replace("&amp;", "&")
    assert "Not recorded" in body  # phase and join dates


def test_the_api_gives_the_platform_sources_and_named_participants(loaded):
    area = area_named("Cybersecurity Smart Regions")

    data = APIClient().get(f"/api/v1/thematic-areas/{area.slug}/").json()

    assert data["platform"] is None
    assert data["phase"] is None
    assert data["created_at"] is None
    assert data["reported_region_count"] == area.reported_region_count
    assert data["sources"] == list(area.sources.values_list("url", flat=True))
    assert data["named_participants"] == [
        {
            "name": "Wales (UK)",
            "role": "member",
            "note": "UK: not in NUTS 2021 EU-27 list",
            "source_url": area.named_participants.get().source_url,
        }
    ]
    members = APIClient().get(f"/api/v1/thematic-areas/{area.slug}/members/").json()["results"]
    assert {m["joined_at"] for m in members} == {None}
    assert all(m["source_url"].startswith("https://") for m in members)


def test_a_region_not_in_the_eu_27_is_never_created(loaded):
    assert not Region.objects.filter(country__in=["GB", "UK", "NO"]).exists()
