import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from projects import services
from projects.choices import ProjectStatus, Stage
from projects.models import InvestmentProject
from tests.page_helpers import assert_field_error, assert_form_error, client_for, text_of
from tests.projects.factories import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    StageChangeFactory,
)

pytestmark = pytest.mark.django_db

# Includes the header's unread-notifications count for signed-in users, and
# the two queries that find the few unpublished projects they may see.
DETAIL_QUERIES = 11


def url(name, project=None, **kwargs):
    if project is not None:
        kwargs["slug"] = project.slug
    return reverse(f"projects:{name}", kwargs=kwargs)


def published_project(**kwargs):
    return ProjectFactory(status=ProjectStatus.PUBLISHED, **kwargs)


# Visibility


def test_a_visitor_sees_published_projects_and_not_drafts():
    published_project(title="Public pilot")
    ProjectFactory(title="Secret draft")

    body = text_of(Client().get(url("project_list")))

    assert "Public pilot" in body
    assert "Secret draft" not in body


@pytest.mark.parametrize("status", [ProjectStatus.DRAFT, ProjectStatus.SUBMITTED])
def test_an_outsider_gets_404_for_a_project_not_yet_published(status, outsider_rep):
    project = ProjectFactory(status=status)

    assert client_for(outsider_rep).get(url("project_detail", project)).status_code == 404
    assert Client().get(url("project_detail", project)).status_code == 404


def test_its_representatives_and_the_area_leads_see_a_draft(project, member_rep, lead_rep):
    for user in (member_rep, lead_rep):
        assert client_for(user).get(url("project_detail", project)).status_code == 200


def test_a_moderator_sees_a_draft(project, moderator_client):
    assert moderator_client.get(url("project_detail", project)).status_code == 200


def test_an_archived_project_stays_public():
    project = ProjectFactory(status=ProjectStatus.ARCHIVED)

    assert Client().get(url("project_detail", project)).status_code == 200


# Detail


def test_the_detail_shows_partners_funding_totals_and_stage_history(project, member_rep):
    services.change_stage(user=member_rep, project_id=project.pk, stage=Stage.SCOPING)
    FundingSourceFactory(project=project, amount=Decimal("300000.00"), status="secured")
    FundingSourceFactory(project=project, amount=Decimal("200000.00"), status="planned")
    ProjectPartnerFactory(project=project, organisation_name="Fraunhofer IPT", country="DE")

    body = text_of(client_for(member_rep).get(url("project_detail", project)))

    assert "Fraunhofer IPT" in body
    # Amounts as the page's language writes them.
    assert 'Secured</dt><dd class="ecl-description-list__definition">€300,000</dd>' in body
    assert 'Planned</dt><dd class="ecl-description-list__definition">€200,000</dd>' in body
    assert "€700,000</dd>" in body  # gap: 1,000,000 − 300,000
    assert "Idea → Scoping" in body


def test_the_detail_offers_only_the_actions_the_user_may_take(project, member_rep, lead_rep):
    mine = text_of(client_for(member_rep).get(url("project_detail", project)))
    leads = text_of(client_for(lead_rep).get(url("project_detail", project)))

    assert url("project_submit", project) in mine
    assert url("project_publish", project) not in mine
    assert url("project_submit", project) not in leads
    assert url("project_edit", project) not in leads


@pytest.mark.parametrize("rows", [1, 20])
def test_detail_queries_do_not_grow_with_partners_funding_and_stages(
    rows, project, member_rep, django_assert_num_queries
):
    client = client_for(member_rep)
    for n in range(rows):
        ProjectPartnerFactory(project=project)
        FundingSourceFactory(project=project, amount=Decimal("1"))
        StageChangeFactory(project=project, changed_by=member_rep, to_stage=Stage.values[n % 5])

    # Session, user, project, funding, partners, stage history, and the
    # permission checks for the actions offered.
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(url("project_detail", project)).status_code == 200


# List, filters and CSV


def test_the_list_filters_by_area(area):
    published_project(title="In the area", area=area)
    published_project(title="Elsewhere")

    body = text_of(Client().get(url("project_list"), {"area": area.slug}))

    assert "In the area" in body
    assert "Elsewhere" not in body


def test_a_bad_filter_shows_an_error_not_a_crash():
    response = Client().get(url("project_list"), {"investment_min": "lots"})

    assert response.status_code == 200
    assert "Enter a number." in text_of(response)


def test_the_list_paginates():
    for _ in range(26):
        published_project()

    response = Client().get(url("project_list"), {"page": 2})

    assert len(response.context["page"].object_list) == 1


@pytest.mark.parametrize("rows", [1, 20])
def test_list_queries_do_not_depend_on_the_number_of_projects(
    rows, django_assert_num_queries, member_rep
):
    for _ in range(rows):
        FundingSourceFactory(project=published_project(), status="secured")
    client = client_for(member_rep)

    # Session, user, unread notifications, the user's organisations and their unpublished
    # projects, count, page, the filter's area, partnership and country choices, and
    # whether the user represents a region (may create a project).
    with django_assert_num_queries(11):
        client.get(url("project_list"))


def read_csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode())))


def test_the_csv_holds_what_the_list_shows():
    project = published_project(title="Pilot", total_investment=Decimal("1000.00"))
    FundingSourceFactory(project=project, amount=Decimal("400.00"), status="secured")
    FundingSourceFactory(project=project, amount=Decimal("100.00"), status="planned")
    ProjectFactory(title="Draft")

    response = Client().get(url("project_list_csv"))

    rows = read_csv(response)
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:2] == ["slug", "title"]
    assert len(rows) == 2
    assert rows[1][1] == "Pilot"
    assert rows[1][-4:] == ["1000.00", "400.00", "100.00", "600.00"]


def test_the_csv_keeps_the_filters():
    published_project(title="Idea", stage=Stage.IDEA)
    published_project(title="Scale", stage=Stage.SCALE_UP)

    rows = read_csv(Client().get(url("project_list_csv"), {"stage": "scale_up"}))

    assert [row[1] for row in rows[1:]] == ["Scale"]


@pytest.mark.parametrize("title", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)"])
def test_the_csv_neutralises_formulas(title):
    published_project(title=title)

    rows = read_csv(Client().get(url("project_list_csv")))

    assert rows[1][1] == "'" + title


def test_the_csv_refuses_bad_filters():
    assert Client().get(url("project_list_csv"), {"gap_min": "-5"}).status_code == 400


# Create and edit


def form_data(organisation, area, **overrides):
    return {
        "organisation": f"region:{organisation.pk}",
        "area": area.slug,
        "title": "Second-life batteries",
        "summary": "Reuse of EV batteries.",
        "trl": "4",
        "total_investment": "1500000.00",
        "stage": "idea",
        **overrides,
    }


def test_a_member_representative_creates_a_project_through_the_form(
    member_rep, member_region, area
):
    response = client_for(member_rep).post(url("project_create"), form_data(member_region, area))

    project = InvestmentProject.objects.get()
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert project.lead_region == member_region


def test_the_create_form_shows_bad_input_on_its_field(member_rep, member_region, area):
    response = client_for(member_rep).post(
        url("project_create"), form_data(member_region, area, trl="12")
    )

    assert_field_error(response, "trl", "less than or equal to 9")
    assert not InvestmentProject.objects.exists()


def test_the_create_form_shows_the_services_refusal(outsider_rep, outsider_region, area):
    response = client_for(outsider_rep).post(
        url("project_create"), form_data(outsider_region, area)
    )

    assert_field_error(response, "organisation", "not a member")


def test_someone_without_an_affiliation_is_told_how_to_get_one(member):
    body = text_of(client_for(member).get(url("project_create")))

    assert reverse("regions:affiliation_create") in body


def test_the_create_page_needs_a_login():
    assert Client().get(url("project_create")).status_code == 302


def test_the_edit_form_asks_to_confirm_over_subscription(project, member_rep):
    FundingSourceFactory(project=project, amount=Decimal("900000"))
    data = {"title": project.title, "summary": "S", "trl": "5", "total_investment": "500000"}
    client = client_for(member_rep)

    refused = client.post(url("project_edit", project), data)
    accepted = client.post(url("project_edit", project), {**data, "confirm_oversubscription": "on"})

    assert_field_error(refused, "confirm_oversubscription", "exceeds the total investment")
    assert accepted.status_code == 302
    project.refresh_from_db()
    assert project.total_investment == Decimal("500000")


def test_an_outsider_gets_403_on_the_edit_page_of_a_public_project(outsider_rep):
    project = published_project()

    assert client_for(outsider_rep).get(url("project_edit", project)).status_code == 403


# Partners and funding pages


def test_a_partner_is_added_and_removed_through_the_pages(project, member_rep):
    client = client_for(member_rep)
    client.post(
        url("partner_add", project),
        {"organisation_name": "Fraunhofer IPT", "organisation_type": "research", "country": "de"},
    )
    partner = project.partners.get(organisation_name="Fraunhofer IPT")

    response = client.post(url("partner_remove", project, pk=partner.pk))

    assert response.status_code == 302
    assert not project.partners.filter(pk=partner.pk).exists()


def test_the_partner_form_wants_exactly_one_kind_of_partner(project, member_rep, lead_region):
    response = client_for(member_rep).post(
        url("partner_add", project), {"region": lead_region.pk, "organisation_name": "Both"}
    )

    assert_form_error(response, "Choose a member region, a member cluster")


def test_the_partner_form_offers_only_member_regions(project, member_rep, outsider_region):
    response = client_for(member_rep).post(
        url("partner_add", project), {"region": outsider_region.pk}
    )

    assert_field_error(response, "region", "Select a valid choice")


def test_removing_a_partner_needs_a_post(project, member_rep):
    partner = project.partners.get()

    assert (
        client_for(member_rep).get(url("partner_remove", project, pk=partner.pk)).status_code == 405
    )


def test_funding_over_the_total_needs_the_box_ticked(project, member_rep):
    client = client_for(member_rep)
    data = {"kind": "erdf", "amount": "2000000", "status": "planned"}

    refused = client.post(url("funding_add", project), data)
    accepted = client.post(url("funding_add", project), {**data, "confirm_oversubscription": "on"})

    assert_field_error(refused, "confirm_oversubscription", "Confirm the over-subscription")
    assert accepted.status_code == 302
    assert project.funding_sources.get().amount == Decimal("2000000")


def test_a_negative_amount_is_refused_on_its_field(project, member_rep):
    response = client_for(member_rep).post(
        url("funding_add", project), {"kind": "erdf", "amount": "-5", "status": "planned"}
    )

    assert_field_error(response, "amount", "greater than or equal to 0")


def test_a_funding_source_is_edited_and_removed(project, member_rep):
    source = FundingSourceFactory(project=project, amount=Decimal("10"))
    client = client_for(member_rep)

    client.post(
        url("funding_edit", project, pk=source.pk),
        {"kind": "national", "amount": "20", "status": "secured"},
    )
    source.refresh_from_db()
    assert (source.kind, source.amount, source.status) == ("national", Decimal("20"), "secured")
    client.post(url("funding_remove", project, pk=source.pk))
    assert not project.funding_sources.exists()


# Status and stage actions


def test_the_whole_review_through_the_pages(project, member_rep, lead_rep):
    assert client_for(member_rep).post(url("project_submit", project)).status_code == 302
    assert client_for(lead_rep).post(url("project_publish", project)).status_code == 302

    project.refresh_from_db()
    assert project.status == ProjectStatus.PUBLISHED
    assert Client().get(url("project_detail", project)).status_code == 200

    client_for(lead_rep).post(url("project_archive", project))
    project.refresh_from_db()
    assert project.status == ProjectStatus.ARCHIVED


def test_a_lead_returns_a_project_with_a_reason_on_the_page(lead_rep, submitted):
    client = client_for(lead_rep)

    refused = client.post(url("project_return", submitted), {"reason": ""})
    accepted = client.post(url("project_return", submitted), {"reason": "Add partners."})

    assert_field_error(refused, "reason", "Say what the project needs")
    assert accepted.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.DRAFT


def test_a_member_may_not_publish_a_draft_either(project, member_rep):
    response = client_for(member_rep).post(url("project_publish", project))

    assert response.status_code == 403
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


@pytest.mark.parametrize("action", ["project_publish", "project_return"])
def test_a_member_may_not_publish_or_return(submitted, member_rep, action):
    response = client_for(member_rep).post(url(action, submitted), {"reason": "x"})

    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == ProjectStatus.SUBMITTED


def test_an_outsider_cannot_act_on_a_draft_it_cannot_see(project, outsider_rep):
    assert client_for(outsider_rep).post(url("project_submit", project)).status_code == 404


def test_publishing_twice_explains_instead_of_failing(lead_rep, submitted):
    client = client_for(lead_rep)
    client.post(url("project_publish", submitted))

    response = client.post(url("project_publish", submitted), follow=True)

    assert "Only a submitted project can be published" in text_of(response)


def test_the_stage_form_records_a_change(project, member_rep):
    client_for(member_rep).post(url("stage_change", project), {"stage": "demonstration"})

    project.refresh_from_db()
    assert project.stage == Stage.DEMONSTRATION
    assert project.stage_changes.count() == 2


def test_a_bad_stage_changes_nothing(project, member_rep):
    response = client_for(member_rep).post(
        url("stage_change", project), {"stage": "dream"}, follow=True
    )

    assert "Choose one of the stages." in text_of(response)
    assert project.stage_changes.count() == 1


def test_a_member_posting_an_empty_reason_is_refused_not_shown_the_form(submitted, member_rep):
    response = client_for(member_rep).post(url("project_return", submitted), {"reason": ""})

    assert response.status_code == 403
