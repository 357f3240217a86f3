"""Hostile input to the workflow forms: markup, control and invisible characters, huge bodies,
double submissions.

Expected everywhere: a 4xx or the form again with a message, never a 500,
never a half-written row; text that is accepted comes back escaped.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.text import is_blank
from regions.models import Affiliation, Cluster
from tests.page_helpers import assert_field_error, client_for, text_of
from tests.partnerships.factories import PartnershipFactory
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.models import AreaJoinRequest, ProgressReport, ThematicArea

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
MARKUP = f"{SCRIPT}{ATTRIBUTE}"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"

NUL = "Smart\x00textiles"
RTL_OVERRIDE = "Textiles \u202egnp.exe"
ZERO_WIDTH = "Tex\u200btiles\u200d"
EMOJI = "Textiles 🧵🇪🇺"


def proposal(region, **overrides):
    return {
        "region": region.pk,
        "name": "Smart textiles",
        "summary": "Textile regions together.",
        "objectives": "Connect textile regions.",
        "action_plan": "Map competences first.",
        **overrides,
    }


@pytest.fixture
def region():
    return RegionFactory()


@pytest.fixture
def proposer(region):
    return client_for(representative_of(region))


def assert_no_raw_markup(response):
    body = response.content.decode()
    assert SCRIPT not in body
    assert "<img src=x" not in body
    assert "onerror=alert" not in body or "onerror=alert(1)&gt;" in body


# Markup is escaped wherever it comes back


@pytest.mark.parametrize("field", ["name", "summary", "description", "objectives", "action_plan"])
def test_markup_in_a_proposal_field_is_escaped_on_the_area_page_and_list(proposer, region, field):
    value = f"Textiles {MARKUP}"
    response = proposer.post(
        reverse("thematic_areas:area_propose"), proposal(region, **{field: value})
    )
    assert response.status_code == 302
    area = ThematicArea.objects.get()
    assert getattr(area, field) == value, "stored as typed, escaped only on output"

    for url in (area.get_absolute_url(), reverse("thematic_areas:area_list")):
        page = proposer.get(url)
        assert page.status_code == 200
        assert_no_raw_markup(page)
    assert ESCAPED_SCRIPT in proposer.get(area.get_absolute_url()).content.decode()


def test_markup_in_a_join_statement_is_escaped_on_the_leads_decision_page():
    area = AreaFactory()
    applicant = RegionFactory()
    client_for(representative_of(applicant)).post(
        reverse("thematic_areas:area_join", args=[area.slug]),
        {"region": applicant.pk, "statement": MARKUP},
    )
    join_request = AreaJoinRequest.objects.get()
    lead = client_for(representative_of(area.proposing_region))

    for url in (
        reverse("thematic_areas:join_request_approve", args=[join_request.pk]),
        area.get_absolute_url(),
        reverse("dashboard"),
    ):
        page = lead.get(url)
        assert page.status_code == 200
        assert_no_raw_markup(page)


def test_markup_in_an_affiliation_request_is_escaped_for_the_user_and_the_moderator(
    member, moderator_client
):
    client = client_for(member)
    response = client.post(
        reverse("regions:affiliation_create"),
        {
            "region": RegionFactory().code,
            "role_title": MARKUP[:200],
            "official_email": "officer@region.example.eu",
            "justification": MARKUP,
        },
    )
    assert response.status_code == 302
    affiliation = Affiliation.objects.get(user=member)

    assert_no_raw_markup(client.get(reverse("dashboard")))
    for view, args in (("changelist", []), ("change", [affiliation.pk])):
        page = moderator_client.get(reverse(f"admin:regions_affiliation_{view}", args=args))
        assert page.status_code == 200
        assert_no_raw_markup(page)


def test_markup_in_a_cluster_profile_is_escaped_on_its_page():
    cluster = ClusterFactory()
    client = client_for(representative_of(cluster))
    response = client.post(
        reverse("regions:cluster_edit", args=[cluster.slug]),
        {
            "name": f"Cluster {SCRIPT}",
            "description": MARKUP,
            "website": "https://cluster.example.eu",
            "management_fte": "1",
            "members_sme": "20",
            "members_large": "0",
            "members_research": "5",
            "members_public": "0",
            "members_other": "0",
        },
    )
    assert response.status_code == 302

    for url in (Cluster.objects.get().get_absolute_url(), reverse("regions:cluster_list")):
        page = Client().get(url)
        assert page.status_code == 200
        assert_no_raw_markup(page)


def test_a_javascript_url_is_not_accepted_as_a_cluster_website():
    cluster = ClusterFactory()
    client = client_for(representative_of(cluster))

    response = client.post(
        reverse("regions:cluster_edit", args=[cluster.slug]),
        {
            "name": cluster.name,
            "website": "javascript:alert(1)",
            "management_fte": "1",
            "members_sme": "20",
            "members_large": "0",
            "members_research": "5",
            "members_public": "0",
            "members_other": "0",
        },
    )

    assert response.status_code == 200
    assert "Enter a valid URL" in text_of(response)
    cluster.refresh_from_db()
    assert cluster.website == "https://cluster.example.eu"


def test_markup_in_a_progress_report_is_escaped_on_the_area_page():
    area = AreaFactory()
    lead = client_for(representative_of(area.proposing_region))
    response = lead.post(
        reverse("thematic_areas:report_create", args=[area.slug]),
        {"year": 2025, "half": 1, "activities": MARKUP, "next_steps": MARKUP},
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    lead.post(reverse("thematic_areas:report_publish", args=[area.slug, report.pk]))

    page = Client().get(area.get_absolute_url())
    assert page.status_code == 200
    assert_no_raw_markup(page)


# Control, invisible and exotic characters


@pytest.mark.parametrize("field", ["name", "summary", "objectives", "action_plan"])
def test_a_nul_byte_in_a_proposal_is_refused_with_a_message(proposer, region, field):
    response = proposer.post(
        reverse("thematic_areas:area_propose"), proposal(region, **{field: NUL})
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in text_of(response)
    assert not ThematicArea.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("thematic_areas:area_join", {"statement": NUL}),
        ("thematic_areas:area_invite", {"region": "XA\x001", "message": "Hi"}),
        ("thematic_areas:area_invite", {"region": "XA11", "message": NUL}),
    ],
    ids=["a join statement", "a NUTS code", "an invitation message"],
)
def test_a_nul_byte_in_an_area_form_is_refused_with_a_message(url_name, data):
    area = AreaFactory()
    lead = client_for(representative_of(area.proposing_region))
    applicant = RegionFactory(code="XA11")
    client = lead if "invite" in url_name else client_for(representative_of(applicant))
    payload = {"region": applicant.pk, **data} if "join" in url_name else data

    response = client.post(reverse(url_name, args=[area.slug]), payload)

    assert response.status_code == 200
    assert "Null characters are not allowed" in text_of(response)
    assert not AreaJoinRequest.objects.exists()
    assert not area.lead_invitations.exists()


@pytest.mark.parametrize("value", ["1\x00", "1 OR 1=1", "-1", "99999999999999999999999", "[]"])
def test_a_malformed_choice_is_refused_on_its_field(proposer, region, value):
    response = proposer.post(
        reverse("thematic_areas:area_propose"), {**proposal(region), "region": value}
    )

    assert response.status_code == 200
    error = re.search(r'id="id_region_error"><li>([^<]+)', text_of(response)).group(1)
    assert error in (
        "Select a valid choice. That choice is not one of the available choices.",
        "Null characters are not allowed.",
    )
    assert not ThematicArea.objects.exists()


@pytest.mark.parametrize(
    "name",
    [RTL_OVERRIDE, ZERO_WIDTH, EMOJI, "🧵🧵🧵", "Ünïcödé ŻÓŁĆ Ελληνικά"],
    ids=["an RTL override", "zero-width characters", "emoji", "emoji only", "accents and Greek"],
)
def test_unusual_but_valid_text_is_kept_intact_and_gets_a_working_page(proposer, region, name):
    response = proposer.post(reverse("thematic_areas:area_propose"), proposal(region, name=name))

    assert response.status_code == 302
    area = ThematicArea.objects.get()
    assert area.name == name
    assert area.slug
    page = proposer.get(area.get_absolute_url())
    assert page.status_code == 200
    assert name in text_of(page)


# Oversized input


def test_a_name_over_the_limit_is_refused_with_a_message(proposer, region):
    response = proposer.post(
        reverse("thematic_areas:area_propose"), proposal(region, name="x" * 201)
    )

    assert response.status_code == 200
    assert "at most 200 characters" in text_of(response)
    assert not ThematicArea.objects.exists()


def test_a_body_over_the_upload_limit_is_a_400_and_writes_nothing(settings):
    area = AreaFactory()
    applicant = RegionFactory()
    client = client_for(representative_of(applicant))
    statement = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    response = client.post(
        reverse("thematic_areas:area_join", args=[area.slug]),
        {"region": applicant.pk, "statement": statement},
    )

    assert response.status_code == 400
    assert not AreaJoinRequest.objects.exists()


def test_too_many_fields_is_a_400(proposer, settings):
    fields = {f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}

    response = proposer.post(reverse("thematic_areas:area_propose"), fields)

    assert response.status_code == 400
    assert not ThematicArea.objects.exists()


# Double submissions


def test_a_double_submitted_proposal_creates_one_area(proposer, region):
    url = reverse("thematic_areas:area_propose")
    first = proposer.post(url, proposal(region))
    second = proposer.post(url, proposal(region))

    assert first.status_code == 302
    assert second.status_code == 200
    assert "already" in text_of(second)
    assert ThematicArea.objects.count() == 1


def test_a_double_submitted_join_request_creates_one_request():
    area = AreaFactory()
    applicant = RegionFactory()
    client = client_for(representative_of(applicant))
    url = reverse("thematic_areas:area_join", args=[area.slug])
    data = {"region": applicant.pk, "statement": "We commit."}

    assert client.post(url, data).status_code == 302
    second = client.post(url, data)

    assert second.status_code == 200
    assert "already has a pending request" in text_of(second)
    assert AreaJoinRequest.objects.count() == 1


def test_a_double_submitted_approval_makes_one_member():
    area = AreaFactory()
    join_request = AreaJoinRequestFactory(area=area)
    lead = client_for(representative_of(area.proposing_region))
    url = reverse("thematic_areas:join_request_approve", args=[join_request.pk])

    assert lead.post(url).status_code == 302
    second = lead.post(url)

    assert second.status_code == 200
    assert "already approved" in text_of(second)
    assert area.memberships.filter(region=join_request.region).count() == 1


def test_a_double_submitted_partnership_request_creates_one_request():
    partnership = PartnershipFactory()
    cluster = ClusterFactory()
    client = client_for(representative_of(cluster))
    url = reverse("partnerships:partnership_join", args=[partnership.slug])
    data = {"cluster": cluster.pk, "statement": "We bring SMEs."}

    assert client.post(url, data).status_code == 302
    second = client.post(url, data)

    assert second.status_code == 200
    assert partnership.join_requests.count() == 1


def test_a_double_submitted_affiliation_request_creates_one_affiliation(member):
    client = client_for(member)
    data = {
        "region": RegionFactory().code,
        "role_title": "Officer",
        "official_email": "officer@region.example.eu",
        "justification": "I run the strategy.",
    }

    assert client.post(reverse("regions:affiliation_create"), data).status_code == 302
    second = client.post(reverse("regions:affiliation_create"), data)

    assert second.status_code == 200
    assert "already" in text_of(second)
    assert Affiliation.objects.filter(user=member).count() == 1


def test_a_double_submitted_report_creates_one_report():
    area = AreaFactory()
    lead = client_for(representative_of(area.proposing_region))
    url = reverse("thematic_areas:report_create", args=[area.slug])
    data = {"year": 2025, "half": 1, "activities": "Workshops.", "next_steps": "Projects."}

    assert lead.post(url, data).status_code == 302
    second = lead.post(url, data)

    assert second.status_code == 200
    assert "already has a progress report" in text_of(second)
    assert ProgressReport.objects.count() == 1


# Text that looks empty


INVISIBLE = "\u200b\u200d\u2060\u202e \t\n"


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("name", "Give the area a name."),
        ("objectives", "The scoping note needs the area's objectives."),
        ("action_plan", "The scoping note needs a first action plan."),
    ],
)
def test_a_proposal_field_of_invisible_characters_counts_as_empty(proposer, region, field, message):
    response = proposer.post(
        reverse("thematic_areas:area_propose"), proposal(region, **{field: INVISIBLE})
    )

    assert_field_error(response, field, message)
    assert not ThematicArea.objects.exists()


def test_a_join_statement_of_invisible_characters_counts_as_empty():
    area = AreaFactory()
    applicant = RegionFactory()
    client = client_for(representative_of(applicant))

    response = client.post(
        reverse("thematic_areas:area_join", args=[area.slug]),
        {"region": applicant.pk, "statement": INVISIBLE},
    )

    assert_field_error(response, "statement", "Say what your region commits to.", auto_id="id_%s")
    assert not AreaJoinRequest.objects.exists()


def test_a_partnership_statement_of_invisible_characters_counts_as_empty():
    partnership = PartnershipFactory()
    cluster = ClusterFactory()
    client = client_for(representative_of(cluster))

    response = client.post(
        reverse("partnerships:partnership_join", args=[partnership.slug]),
        {"cluster": cluster.pk, "statement": INVISIBLE},
    )

    assert "Say what your cluster commits to." in text_of(response)
    assert not partnership.join_requests.exists()


@pytest.mark.parametrize(
    ("value", "blank"),
    [("", True), (INVISIBLE, True), ("\x00", True), ("a", False), ("\u200ba", False)],
)
def test_is_blank_sees_only_visible_characters(value, blank):
    assert is_blank(value) is blank


# Redirects


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"]
)
def test_an_action_never_redirects_off_site(target):
    area = AreaFactory()
    applicant = RegionFactory()
    client = client_for(representative_of(applicant))

    response = client.post(
        reverse("thematic_areas:area_join", args=[area.slug]),
        {"region": applicant.pk, "statement": "We commit.", "next": target},
    )

    assert response.status_code == 302
    assert response.url == area.get_absolute_url()


# NUL bytes in the other forms


def affiliation_data(**overrides):
    return {
        "region": RegionFactory().code,
        "role_title": "Officer",
        "official_email": "officer@region.example.eu",
        "justification": "I run the strategy.",
        **overrides,
    }


def cluster_data(**overrides):
    return {
        "name": "Textile cluster",
        "region": RegionFactory().code,
        "website": "https://cluster.example.eu",
        "management_fte": "1",
        "members_sme": "20",
        "members_large": "0",
        "members_research": "5",
        "members_public": "0",
        "members_other": "0",
        "role_title": "Manager",
        "official_email": "manager@cluster.example.eu",
        "justification": "I manage the cluster.",
        **overrides,
    }


@pytest.mark.parametrize("field", ["role_title", "justification"])
def test_a_nul_byte_in_an_affiliation_request_is_refused(member, field):
    response = client_for(member).post(
        reverse("regions:affiliation_create"), affiliation_data(**{field: NUL})
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in text_of(response)
    assert not Affiliation.objects.filter(user=member).exists()


@pytest.mark.parametrize("field", ["name", "description", "role_title", "justification"])
def test_a_nul_byte_in_a_new_cluster_profile_is_refused_and_writes_neither_row(member, field):
    response = client_for(member).post(
        reverse("regions:cluster_create"), cluster_data(**{field: NUL})
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in text_of(response)
    assert not Cluster.objects.filter(name__startswith="Textile").exists()
    assert not Affiliation.objects.filter(user=member).exists()


@pytest.mark.parametrize("email", [f"colleague{NUL}@example.eu", "x" * 300 + "@example.eu"])
def test_a_malformed_colleague_address_is_refused(email):
    region = RegionFactory()
    client = client_for(representative_of(region))

    response = client.post(
        reverse("regions:colleague_invite"), {"region": region.pk, "email": email}
    )

    assert response.status_code == 200
    assert "errorlist" in text_of(response)
    assert not region.invitations.exists()


@pytest.mark.parametrize("field", ["activities", "new_members", "next_steps"])
def test_a_nul_byte_in_a_progress_report_is_refused(field):
    area = AreaFactory()
    lead = client_for(representative_of(area.proposing_region))
    data = {"year": 2025, "half": 1, "activities": "Workshops.", "next_steps": "Projects."}

    response = lead.post(
        reverse("thematic_areas:report_create", args=[area.slug]), {**data, field: NUL}
    )

    assert response.status_code == 200
    assert "Null characters are not allowed" in text_of(response)
    assert not ProgressReport.objects.exists()
