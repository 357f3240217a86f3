import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.workflow import RequestStatus
from notifications.choices import Kind
from notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.page_helpers import assert_field_error, assert_form_error, client_for, text_of
from tests.regions.factories import PriorityFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory, MembershipFactory
from thematic_areas.choices import AreaStatus, InvitationStatus, MembershipRole, ReportStatus
from thematic_areas.models import AreaJoinRequest, LeadInvitation, ProgressReport, ThematicArea

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "name": "Smart textiles",
    "summary": "Regions building the textile value chain of tomorrow.",
    "description": "",
    "objectives": "Connect textile regions.",
    "action_plan": "Map competences in 2025.",
}
REPORT = {
    "year": "2025",
    "half": "1",
    "activities": "Two matchmaking events.",
    "new_members": "",
    "projects_moved_on": "",
    "next_steps": "Scope three demo-cases.",
}


@pytest.fixture
def lead_region():
    return RegionFactory()


@pytest.fixture
def area(lead_region):
    return AreaFactory(name="Industry 4.0", lead=lead_region)


@pytest.fixture
def lead(lead_region):
    return representative_of(lead_region)


@pytest.fixture
def applicant_region():
    return RegionFactory()


@pytest.fixture
def applicant(applicant_region):
    return representative_of(applicant_region)


def url(name, *args):
    return reverse(f"thematic_areas:{name}", args=args)


# Lists and detail


def test_the_area_list_shows_public_areas_and_my_regions_proposals(client, lead_region, lead):
    AreaFactory(name="Active area")
    AreaFactory(name="My proposal", status=AreaStatus.PROPOSED, proposing_region=lead_region)
    AreaFactory(name="Someone else's proposal", status=AreaStatus.PROPOSED)

    public = client.get(url("area_list"))
    mine = client_for(lead).get(url("area_list"))

    assert public.status_code == 200
    assert "Active area" in public.text and "My proposal" not in public.text
    assert "My proposal" in mine.text
    assert "Someone else's proposal" not in mine.text


def test_a_proposal_is_a_404_except_for_its_region_and_moderators(
    client, member, moderator_client, lead_region, lead
):
    proposal = AreaFactory(status=AreaStatus.PROPOSED, proposing_region=lead_region)

    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert client_for(member).get(proposal.get_absolute_url()).status_code == 404
    assert client_for(lead).get(proposal.get_absolute_url()).status_code == 200
    assert moderator_client.get(proposal.get_absolute_url()).status_code == 200


def test_the_area_page_shows_members_history_and_the_approvers_name_only(client, area):
    approver = UserFactory(first_name="Jane", last_name="Lead", email="jane@lead.example.eu")
    member_region = RegionFactory(name="Member region")
    MembershipFactory(area=area, region=member_region, approved_by=approver)
    priority = PriorityFactory(name="Manufacture of machinery")
    area.priorities.add(priority)

    response = client.get(area.get_absolute_url())

    assert response.status_code == 200
    assert "Member region" in response.text
    assert "Jane Lead" in response.text
    assert "jane@lead.example.eu" not in response.text
    assert "Manufacture of machinery" in response.text
    assert "Ask to join" not in response.text


# Proposing


def test_proposing_needs_a_login_and_a_represented_region(client, member):
    assert client.get(url("area_propose")).status_code == 302
    page = client_for(member).get(url("area_propose"))
    assert page.status_code == 200
    assert "Only a verified representative of a region" in page.text


def test_a_representative_proposes_an_area(lead_region, lead):
    priority = PriorityFactory(code="C", level=1)
    client = client_for(lead)
    assert client.get(url("area_propose")).status_code == 200

    response = client.post(
        url("area_propose"), {**PROPOSAL, "region": lead_region.pk, "priorities": [priority.pk]}
    )

    area = ThematicArea.objects.get(name="Smart textiles")
    assert response.status_code == 302 and response.url == area.get_absolute_url()
    assert area.status == AreaStatus.PROPOSED
    assert area.proposing_region == lead_region
    assert list(area.priorities.all()) == [priority]


def test_a_proposal_without_scoping_note_shows_the_services_errors_on_the_fields(lead_region, lead):
    response = client_for(lead).post(
        url("area_propose"),
        {**PROPOSAL, "region": lead_region.pk, "objectives": " ", "action_plan": ""},
    )

    assert_field_error(response, "objectives", "The scoping note needs the area's objectives.")
    assert_field_error(response, "action_plan", "The scoping note needs a first action plan.")
    assert not ThematicArea.objects.exists()


def test_the_scoping_note_is_marked_required_as_the_service_requires_it(lead_region, lead):
    page = client_for(lead).get(url("area_propose")).content.decode()

    for field in ("objectives", "action_plan"):
        label = re.search(rf'<label[^>]*for="id_{field}".*?</label>', page, re.S).group(0)
        assert "ecl-form-label__required" in label, field
        assert "(optional)" not in label, field


def test_a_proposal_for_a_region_i_do_not_represent_is_refused(lead):
    other = RegionFactory()

    response = client_for(lead).post(url("area_propose"), {**PROPOSAL, "region": other.pk})

    assert_field_error(response, "region", "Select a valid choice.")


# Joining


def test_a_representative_asks_to_join_and_the_leads_see_the_request(
    area, applicant_region, applicant, lead
):
    page = client_for(applicant).get(area.get_absolute_url())
    assert "Ask to join for your region" in page.text

    response = client_for(applicant).post(
        url("area_join", area.slug),
        {"region": applicant_region.pk, "statement": "We bring pilot lines."},
    )

    assert response.status_code == 302
    join_request = AreaJoinRequest.objects.get()
    assert join_request.region == applicant_region and join_request.is_pending
    lead_page = client_for(lead).get(area.get_absolute_url())
    assert url("join_request_approve", join_request.pk) in lead_page.text


def test_joining_needs_a_login_and_a_represented_region(client, member, area):
    assert client.post(url("area_join", area.slug)).status_code == 302
    assert client_for(member).post(url("area_join", area.slug)).status_code == 403


def test_an_empty_statement_is_shown_on_the_field(area, applicant_region, applicant):
    response = client_for(applicant).post(
        url("area_join", area.slug), {"region": applicant_region.pk, "statement": "  "}
    )

    assert_field_error(response, "statement", "Say what your region commits to.")
    assert not AreaJoinRequest.objects.exists()


def test_a_second_pending_request_is_refused_on_the_form(area, applicant_region, applicant):
    AreaJoinRequestFactory(area=area, region=applicant_region)

    response = client_for(applicant).post(
        url("area_join", area.slug), {"region": applicant_region.pk, "statement": "Again."}
    )

    assert_form_error(response, "already has a pending request for this area")
    assert AreaJoinRequest.objects.count() == 1


def test_a_request_to_a_proposed_area_is_refused_on_the_form(lead_region):
    second_region = RegionFactory()
    user = representative_of(lead_region)
    representative_of(second_region, user=user)
    proposal = AreaFactory(status=AreaStatus.PROPOSED, proposing_region=lead_region)

    response = client_for(user).post(
        url("area_join", proposal.slug), {"region": second_region.pk, "statement": "Us too."}
    )

    assert_form_error(response, "Only active thematic areas accept new members.")


# Deciding


def test_a_lead_approves_a_request_and_the_region_becomes_a_member(area, lead, applicant_region):
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)
    client = client_for(lead)
    assert client.get(url("join_request_approve", join_request.pk)).status_code == 200

    response = client.post(url("join_request_approve", join_request.pk), follow=True)

    assert "was approved" in text_of(response)
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
    assert area.memberships.current().filter(region=applicant_region).exists()


def test_a_rejection_needs_a_reason_shown_on_the_field(area, lead, applicant_region):
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)

    response = client_for(lead).post(url("join_request_reject", join_request.pk), {"reason": ""})

    assert_field_error(response, "reason", "Give a reason for the rejection.")
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_a_lead_rejects_with_a_reason_and_returns_to_the_dashboard(area, lead, applicant_region):
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)

    response = client_for(lead).post(
        url("join_request_reject", join_request.pk),
        {"reason": "Out of scope.", "next": reverse("dashboard")},
    )

    assert response.status_code == 302 and response.url == reverse("dashboard")
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.REJECTED
    assert join_request.decision_reason == "Out of scope."


def test_a_decision_on_a_decided_request_is_refused_on_the_form(area, lead, applicant_region):
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)
    client = client_for(lead)
    client.post(url("join_request_approve", join_request.pk))

    response = client.post(url("join_request_reject", join_request.pk), {"reason": "Oops."})

    assert_form_error(response, "This request was already approved.")


def test_an_outsider_gets_404_and_the_applicant_403_on_a_decision(
    area, applicant, applicant_region, member
):
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)
    stranger = representative_of(RegionFactory())

    assert client_for(member).post(url("join_request_approve", join_request.pk)).status_code == 404
    assert (
        client_for(stranger).post(url("join_request_approve", join_request.pk)).status_code == 404
    )
    assert (
        client_for(applicant).post(url("join_request_approve", join_request.pk)).status_code == 403
    )
    join_request.refresh_from_db()
    assert join_request.is_pending


def test_an_unsafe_next_url_is_ignored(area, lead, applicant_region):
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)

    response = client_for(lead).post(
        url("join_request_approve", join_request.pk), {"next": "https://evil.example.com/"}
    )

    assert response.url == area.get_absolute_url()


def test_the_applicant_withdraws_a_pending_request(area, applicant, applicant_region, lead):
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)
    client = client_for(applicant)
    assert url("join_request_withdraw", join_request.pk) in client.get(area.get_absolute_url()).text

    client.post(url("join_request_withdraw", join_request.pk))
    again = client.post(url("join_request_withdraw", join_request.pk))

    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.WITHDRAWN
    assert_form_error(again, "This request was already withdrawn.")
    assert client_for(lead).post(url("join_request_withdraw", join_request.pk)).status_code == 403


# Leaving and co-leads


def test_a_member_region_leaves_and_the_last_lead_cannot(area, lead, lead_region):
    member_region = RegionFactory()
    MembershipFactory(area=area, region=member_region)
    client = client_for(representative_of(member_region))

    client.post(url("area_leave", area.slug), {"region": member_region.pk})
    refused = client_for(lead).post(url("area_leave", area.slug), {"region": lead_region.pk})

    assert not area.memberships.current().filter(region=member_region).exists()
    assert_form_error(refused, "The last lead region cannot leave an active area.")


def test_leaving_needs_a_member_region(area, member):
    assert client_for(member).post(url("area_leave", area.slug)).status_code == 403


def test_a_lead_invites_a_co_lead_who_accepts(area, lead):
    invited_region = RegionFactory(code="XB1A")
    invited = representative_of(invited_region)

    client_for(lead).post(url("area_invite", area.slug), {"region": "xb1a", "message": "Join us"})
    invitation = LeadInvitation.objects.get()
    dashboard = client_for(invited).get(reverse("dashboard"))
    assert url("invitation_accept", invitation.pk) in dashboard.text
    client_for(invited).post(url("invitation_accept", invitation.pk))

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert area.memberships.leads().filter(region=invited_region).exists()


def test_a_co_lead_invitation_can_be_declined_once(area, lead):
    invited_region = RegionFactory()
    invitation = LeadInvitation.objects.create(area=area, region=invited_region, invited_by=lead)
    client = client_for(representative_of(invited_region))

    client.post(url("invitation_decline", invitation.pk))
    again = client.post(url("invitation_accept", invitation.pk))

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert_form_error(again, "This invitation was already answered.")
    assert client_for(lead).post(url("invitation_accept", invitation.pk)).status_code == 403
    outsider = client_for(representative_of(RegionFactory()))
    assert outsider.post(url("invitation_accept", invitation.pk)).status_code == 404


def test_inviting_an_unknown_code_or_as_a_non_lead(area, lead):
    member_region = RegionFactory()
    MembershipFactory(area=area, region=member_region)

    unknown = client_for(lead).post(url("area_invite", area.slug), {"region": "ZZ9"})
    not_lead = client_for(representative_of(member_region)).post(
        url("area_invite", area.slug), {"region": member_region.code}
    )

    assert_field_error(unknown, "region", "Unknown NUTS code.")
    assert not_lead.status_code == 403


# Progress reports


def test_a_lead_writes_edits_and_publishes_a_report(area, lead, client):
    member_region = RegionFactory()
    MembershipFactory(area=area, region=member_region)
    member_rep = representative_of(member_region)
    leader = client_for(lead)
    assert leader.get(url("report_create", area.slug)).status_code == 200

    leader.post(url("report_create", area.slug), REPORT)
    report = ProgressReport.objects.get()
    assert report.status == ReportStatus.DRAFT
    assert "Two matchmaking events." not in client.get(area.get_absolute_url()).text
    leader.post(url("report_edit", area.slug, report.pk), {**REPORT, "activities": "Three events."})
    leader.post(url("report_publish", area.slug, report.pk))

    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED and report.published_at
    assert "Three events." in client.get(area.get_absolute_url()).text
    assert Notification.objects.filter(recipient=member_rep, kind=Kind.REPORT_PUBLISHED).exists()
    refused = leader.post(url("report_edit", area.slug, report.pk), REPORT)
    assert_form_error(refused, "A published report can no longer be edited.")


def test_a_second_report_for_the_same_period_is_refused_on_the_field(area, lead):
    ProgressReport.objects.create(area=area, created_by=lead, **{**REPORT, "year": 2025, "half": 1})

    response = client_for(lead).post(url("report_create", area.slug), REPORT)

    assert_field_error(response, "half", "already has a progress report")
    assert ProgressReport.objects.count() == 1


def test_reports_are_for_leads_only(area, lead, member, client):
    draft = ProgressReport.objects.create(
        area=area, created_by=lead, year=2025, half=1, activities="A", next_steps="B"
    )
    published = ProgressReport.objects.create(
        area=area,
        created_by=lead,
        year=2024,
        half=2,
        activities="A",
        next_steps="B",
        status=ReportStatus.PUBLISHED,
    )
    outsider = client_for(member)

    assert client.get(url("report_create", area.slug)).status_code == 302
    assert outsider.get(url("report_create", area.slug)).status_code == 403
    assert outsider.post(url("report_create", area.slug), REPORT).status_code == 403
    assert outsider.get(url("report_edit", area.slug, draft.pk)).status_code == 404
    assert outsider.get(url("report_edit", area.slug, published.pk)).status_code == 403
    assert outsider.post(url("report_publish", area.slug, draft.pk)).status_code == 404


def test_membership_roles_are_listed_for_leads_and_members(client, area, lead_region):
    response = client.get(area.get_absolute_url())

    assert str(lead_region) in response.text
    assert str(MembershipRole.LEAD.label) in response.text


# Every page answers the role it is for


def test_each_action_page_renders_for_the_role_it_is_for(area, lead, lead_region):
    member_region, applicant_region, invited_region = (
        RegionFactory(),
        RegionFactory(),
        RegionFactory(),
    )
    MembershipFactory(area=area, region=member_region)
    join_request = AreaJoinRequestFactory(area=area, region=applicant_region)
    invitation = LeadInvitation.objects.create(area=area, region=invited_region, invited_by=lead)
    report = ProgressReport.objects.create(
        area=area, created_by=lead, year=2025, half=1, activities="A", next_steps="B"
    )
    pages = [
        (lead, url("area_invite", area.slug)),
        (lead, url("join_request_approve", join_request.pk)),
        (lead, url("join_request_reject", join_request.pk)),
        (lead, url("report_edit", area.slug, report.pk)),
        (lead, url("report_publish", area.slug, report.pk)),
        (representative_of(member_region), url("area_leave", area.slug)),
        (representative_of(RegionFactory()), url("area_join", area.slug)),
        (representative_of(applicant_region), url("join_request_withdraw", join_request.pk)),
        (representative_of(invited_region), url("invitation_accept", invitation.pk)),
        (representative_of(invited_region), url("invitation_decline", invitation.pk)),
    ]

    for user, page in pages:
        response = client_for(user).get(page)
        assert response.status_code == 200, page
        assert 'name="csrfmiddlewaretoken"' in response.text


def _count_queries(client, page):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def _area_world(rows):
    """A lead's view of an area with `rows` members and pending requests, among `rows` areas."""
    lead_region = RegionFactory()
    area = AreaFactory(lead=lead_region)
    for _ in range(rows):
        AreaFactory()
        MembershipFactory(area=area, approved_by=UserFactory())
        AreaJoinRequestFactory(area=area)
    client = client_for(representative_of(lead_region))
    # Once first: the first page of a process fills Django's content-type cache.
    client.get(area.get_absolute_url())
    return (
        _count_queries(client, url("area_list")),
        _count_queries(client, area.get_absolute_url()),
    )


def test_the_area_pages_run_as_many_queries_for_1_or_20_rows():
    assert _area_world(1) == _area_world(20)


def test_the_pages_are_served_under_a_language_prefix(client, area, member):
    # The middleware activates the page's language in this thread; restore it after.
    with translation.override("en"):
        assert client.get("/fr/areas/").status_code == 200
        assert client.get(f"/de/areas/{area.slug}/").status_code == 200
        assert client_for(member).get("/fr/dashboard/").status_code == 200


def test_a_representative_of_one_region_finds_it_chosen_and_of_two_chooses():
    region, other = RegionFactory(name="Only region"), RegionFactory(name="Second region")
    user = representative_of(region)
    url = reverse("thematic_areas:area_propose")

    one = text_of(client_for(user).get(url))
    representative_of(other, user=user)
    two = text_of(client_for(user).get(url))

    assert f'<option value="{region.pk}" selected>' in one and "---------" not in one
    assert '<option value="" selected>Choose one</option>' in two


def test_priorities_are_found_by_name_on_the_proposal_form_and_searching_saves_nothing(
    lead_region, lead
):
    PriorityFactory(scheme="nace", code="13", name="Manufacture of textiles")

    response = client_for(lead).post(
        reverse("thematic_areas:area_propose"),
        {
            "region": lead_region.pk,
            "name": "Textiles",
            "priorities__q": "textil",
            "priorities__search": "1",
        },
    )

    body = text_of(response)
    assert "NACE 13 — Manufacture of textiles" in body
    assert 'value="Textiles"' in body
    assert not ThematicArea.objects.exists()


def test_a_visitor_is_told_how_to_join_where_members_get_the_form(client, area, applicant):
    visitor = text_of(client.get(area.get_absolute_url()))
    member = text_of(client_for(applicant).get(area.get_absolute_url()))

    assert f'href="/accounts/login/?next={area.get_absolute_url()}"' in visitor
    assert "Sign in to join" in visitor
    assert "Sign in to join" not in member
