from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from notifications.choices import Kind
from notifications.models import Follow, Notification
from projects import services
from projects.choices import FundingStatus, OrganisationType, PartnerRole, ProjectStatus, Stage
from projects.models import InvestmentProject, StageChange
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import PartnershipFactory
from tests.projects.conftest import create
from tests.regions.factories import ClusterFactory, representative_of
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db


def notified(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


# Creating


def test_a_member_region_representative_creates_a_draft_it_leads(project, member_region):
    assert project.status == ProjectStatus.DRAFT
    assert project.lead_region == member_region
    lead = project.partners.get()
    assert (lead.region, lead.role, lead.organisation_type) == (
        member_region,
        PartnerRole.LEAD,
        OrganisationType.PUBLIC,
    )


def test_creating_records_the_first_stage(project, member_rep):
    change = project.stage_changes.get()
    assert (change.from_stage, change.to_stage, change.changed_by) == ("", Stage.IDEA, member_rep)


def test_a_member_cluster_creates_a_project_led_by_its_region(cluster_rep, cluster, area):
    project = create(cluster_rep, cluster, area)

    assert project.lead_region == cluster.region
    assert project.partners.get().cluster == cluster


def test_a_project_may_belong_to_a_partnership_of_its_area(member_rep, member_region, area):
    partnership = PartnershipFactory(area=area)

    assert create(member_rep, member_region, area, partnership=partnership).partnership == (
        partnership
    )


def test_a_partnership_of_another_area_is_refused(member_rep, member_region, area):
    with pytest.raises(ValidationError) as error:
        create(member_rep, member_region, area, partnership=PartnershipFactory())

    assert "partnership" in error.value.error_dict
    assert not InvestmentProject.objects.exists()


def test_a_region_outside_the_area_cannot_create_a_project(outsider_rep, outsider_region, area):
    with pytest.raises(ValidationError, match="not a member"):
        create(outsider_rep, outsider_region, area)


def test_a_cluster_in_no_partnership_of_the_area_cannot_create_a_project(area):
    cluster = ClusterFactory()

    with pytest.raises(ValidationError, match="no partnership"):
        create(representative_of(cluster), cluster, area)


def test_nobody_acts_for_an_organisation_they_do_not_represent(member_region, area, lead_rep):
    with pytest.raises(PermissionDenied):
        create(lead_rep, member_region, area)


def test_a_pending_affiliation_is_not_enough(member_region, area):
    user = representative_of(member_region, status="pending")

    with pytest.raises(PermissionDenied):
        create(user, member_region, area)


def test_projects_are_created_in_active_areas_only(lead_region, lead_rep):
    closed = AreaFactory(status="closed", lead=lead_region)

    with pytest.raises(ValidationError, match="active areas"):
        create(lead_rep, lead_region, closed)


@pytest.mark.parametrize(
    ("field", "value"),
    [("trl", 0), ("trl", 10), ("total_investment", Decimal("-1")), ("title", "")],
)
def test_bad_figures_are_validation_errors(member_rep, member_region, area, field, value):
    with pytest.raises(ValidationError) as error:
        create(member_rep, member_region, area, **{field: value})

    assert field in error.value.error_dict


def test_two_projects_of_the_same_title_get_distinct_slugs(member_rep, member_region, area):
    first = create(member_rep, member_region, area, title="New")
    second = create(member_rep, member_region, area, title="New")

    assert first.slug != "new"
    assert second.slug not in {first.slug, "new"}


# Editing


def test_a_representative_edits_the_project(project, member_rep):
    services.update_project(user=member_rep, project_id=project.pk, title=" Packs ", trl=6)

    project.refresh_from_db()
    assert (project.title, project.trl) == ("Packs", 6)


@pytest.mark.parametrize("who", ["lead_rep", "outsider_rep", "cluster_rep"])
def test_others_may_not_edit_a_draft(project, who, request):
    with pytest.raises(PermissionDenied):
        services.update_project(
            user=request.getfixturevalue(who), project_id=project.pk, title="Mine"
        )


def test_a_moderator_may_edit(project, moderator):
    services.update_project(user=moderator, project_id=project.pk, trl=7)

    assert InvestmentProject.objects.get(pk=project.pk).trl == 7


def test_a_partner_cluster_representative_may_edit(project, member_rep, cluster, cluster_rep):
    services.add_partner(user=member_rep, project_id=project.pk, cluster=cluster)

    services.update_project(user=cluster_rep, project_id=project.pk, trl=8)

    assert InvestmentProject.objects.get(pk=project.pk).trl == 8


def test_an_archived_project_is_read_only(published, member_rep):
    services.archive_project(user=member_rep, project_id=published.pk)

    with pytest.raises(PermissionDenied):
        services.update_project(user=member_rep, project_id=published.pk, trl=2)


# Partners


def test_member_regions_and_clusters_can_be_partners(project, member_rep, lead_region, cluster):
    services.add_partner(user=member_rep, project_id=project.pk, region=lead_region)
    partner = services.add_partner(user=member_rep, project_id=project.pk, cluster=cluster)

    assert (partner.organisation_type, partner.country, partner.region) == (
        OrganisationType.CLUSTER,
        "XB",
        cluster.region,
    )
    assert project.partners.count() == 3


def test_a_region_outside_the_area_cannot_be_a_partner(project, member_rep, outsider_region):
    with pytest.raises(ValidationError) as error:
        services.add_partner(user=member_rep, project_id=project.pk, region=outsider_region)

    assert "region" in error.value.error_dict


def test_a_cluster_outside_the_area_cannot_be_a_partner(project, member_rep):
    with pytest.raises(ValidationError) as error:
        services.add_partner(user=member_rep, project_id=project.pk, cluster=ClusterFactory())

    assert "cluster" in error.value.error_dict


def test_an_external_organisation_is_added_by_name_type_and_country(project, member_rep):
    partner = services.add_partner(
        user=member_rep,
        project_id=project.pk,
        organisation_name=" Fraunhofer IPT ",
        organisation_type=OrganisationType.RESEARCH,
        country="de",
    )

    assert (partner.organisation_name, partner.country, partner.region) == (
        "Fraunhofer IPT",
        "DE",
        None,
    )


def test_an_external_organisation_needs_name_type_and_country(project, member_rep):
    with pytest.raises(ValidationError) as error:
        services.add_partner(
            user=member_rep,
            project_id=project.pk,
            organisation_name=" ",
            organisation_type="guild",
            country="DEU",
        )

    assert set(error.value.error_dict) == {"organisation_name", "organisation_type", "country"}


def test_the_same_partner_twice_is_a_validation_error(project, member_rep, lead_region):
    services.add_partner(user=member_rep, project_id=project.pk, region=lead_region)

    with pytest.raises(ValidationError, match="already takes part"):
        services.add_partner(user=member_rep, project_id=project.pk, region=lead_region)


def test_an_outsider_cannot_add_partners(project, outsider_rep, lead_region):
    with pytest.raises(PermissionDenied):
        services.add_partner(user=outsider_rep, project_id=project.pk, region=lead_region)


def test_a_partner_can_be_removed_but_not_the_lead(project, member_rep, lead_region):
    partner = services.add_partner(user=member_rep, project_id=project.pk, region=lead_region)

    services.remove_partner(user=member_rep, partner_id=partner.pk)
    with pytest.raises(ValidationError, match="lead partner"):
        services.remove_partner(user=member_rep, partner_id=project.partners.get().pk)

    assert project.partners.count() == 1


# Funding


def fund(project, user, amount, status=FundingStatus.PLANNED, **kwargs):
    return services.save_funding_source(
        user=user,
        project_id=project.pk,
        kind="erdf",
        amount=Decimal(amount),
        status=status,
        **kwargs,
    )


def test_funding_up_to_the_total_is_accepted(project, member_rep):
    fund(project, member_rep, "600000")
    fund(project, member_rep, "400000", FundingStatus.SECURED)

    project.refresh_from_db()
    assert project.funding_sources.count() == 2
    assert not project.oversubscription_confirmed


def test_funding_above_the_total_needs_a_confirmation(project, member_rep):
    fund(project, member_rep, "900000")

    with pytest.raises(ValidationError) as error:
        fund(project, member_rep, "100000.01")

    assert "confirm_oversubscription" in error.value.error_dict
    assert project.funding_sources.count() == 1


def test_confirmed_over_subscription_is_saved_and_recorded(project, member_rep):
    fund(project, member_rep, "1200000", confirm_oversubscription=True)

    project.refresh_from_db()
    assert project.oversubscription_confirmed


def test_lowering_the_total_below_the_funding_needs_a_confirmation(project, member_rep):
    fund(project, member_rep, "800000")

    with pytest.raises(ValidationError, match="over-subscription"):
        services.update_project(
            user=member_rep, project_id=project.pk, total_investment=Decimal("500000")
        )
    services.update_project(
        user=member_rep,
        project_id=project.pk,
        total_investment=Decimal("500000"),
        confirm_oversubscription=True,
    )

    project.refresh_from_db()
    assert project.total_investment == Decimal("500000")
    assert project.oversubscription_confirmed


def test_editing_a_source_counts_its_new_amount_once(project, member_rep):
    source = fund(project, member_rep, "1000000")

    fund(project, member_rep, "999999", source_id=source.pk)

    source.refresh_from_db()
    assert source.amount == Decimal("999999")


def test_a_negative_amount_is_refused(project, member_rep):
    with pytest.raises(ValidationError) as error:
        fund(project, member_rep, "-1")

    assert "amount" in error.value.error_dict


def test_an_unknown_funding_kind_is_refused(project, member_rep):
    with pytest.raises(ValidationError):
        services.save_funding_source(
            user=member_rep,
            project_id=project.pk,
            kind="lottery",
            amount=Decimal("1"),
            status=FundingStatus.PLANNED,
        )


def test_removing_funding_clears_the_over_subscription(project, member_rep):
    source = fund(project, member_rep, "1200000", confirm_oversubscription=True)

    services.remove_funding_source(user=member_rep, source_id=source.pk)

    project.refresh_from_db()
    assert not project.oversubscription_confirmed
    assert not project.funding_sources.exists()


def test_an_outsider_cannot_add_funding(project, outsider_rep):
    with pytest.raises(PermissionDenied):
        fund(project, outsider_rep, "1")


# Stages


def test_stage_changes_are_recorded_in_order_with_who_and_when(project, member_rep):
    services.change_stage(user=member_rep, project_id=project.pk, stage=Stage.SCOPING)
    services.change_stage(user=member_rep, project_id=project.pk, stage=Stage.DEMONSTRATION)
    services.change_stage(user=member_rep, project_id=project.pk, stage=Stage.SCOPING)

    history = list(
        StageChange.objects.filter(project=project).values_list("from_stage", "to_stage")
    )
    assert history == [
        ("", "idea"),
        ("idea", "scoping"),
        ("scoping", "demonstration"),
        ("demonstration", "scoping"),
    ]
    assert all(c.changed_by == member_rep and c.changed_at for c in project.stage_changes.all())
    project.refresh_from_db()
    assert project.stage == Stage.SCOPING


def test_the_same_stage_again_is_refused(project, member_rep):
    with pytest.raises(ValidationError, match="already"):
        services.change_stage(user=member_rep, project_id=project.pk, stage=Stage.IDEA)


def test_an_unknown_stage_is_refused(project, member_rep):
    with pytest.raises(ValidationError):
        services.change_stage(user=member_rep, project_id=project.pk, stage="dream")
    assert project.stage_changes.count() == 1


def test_an_outsider_cannot_change_the_stage(project, outsider_rep):
    with pytest.raises(PermissionDenied):
        services.change_stage(user=outsider_rep, project_id=project.pk, stage=Stage.SCOPING)


# Status


def test_submitting_notifies_the_area_leads(lead_rep, submitted):
    assert submitted.status == ProjectStatus.SUBMITTED
    assert notified(Kind.PROJECT_SUBMITTED) == {lead_rep.email}


@pytest.mark.parametrize("who", ["lead_rep", "outsider_rep", "cluster_rep"])
def test_only_its_representatives_submit_a_project(project, who, request):
    with pytest.raises(PermissionDenied):
        services.submit_project(user=request.getfixturevalue(who), project_id=project.pk)


def test_a_submitted_project_cannot_be_submitted_again(submitted, member_rep):
    with pytest.raises(ValidationError, match="Only a draft"):
        services.submit_project(user=member_rep, project_id=submitted.pk)


def test_a_lead_publishes_and_the_area_hears_of_it(
    submitted, lead_rep, member_rep, cluster_rep, outsider_rep, area
):
    follower = UserFactory()
    Follow.objects.create(user=follower, target=area)

    project = services.publish_project(user=lead_rep, project_id=submitted.pk)

    assert project.status == ProjectStatus.PUBLISHED
    assert (project.published_by, bool(project.published_at)) == (lead_rep, True)
    assert notified(Kind.PROJECT_PUBLISHED) == {
        member_rep.email,
        cluster_rep.email,
        follower.email,
    }


def test_publishing_is_notified_once_per_recipient(submitted, moderator, member_rep):
    services.publish_project(user=moderator, project_id=submitted.pk)

    assert (
        Notification.objects.filter(kind=Kind.PROJECT_PUBLISHED, recipient=member_rep).count() == 1
    )
    assert Notification.objects.get(
        recipient=member_rep, kind=Kind.PROJECT_PUBLISHED
    ).dedupe_key == (f"project-published-{submitted.pk}")


@pytest.mark.parametrize("who", ["member_rep", "outsider_rep", "cluster_rep"])
def test_only_a_lead_or_moderator_publishes(submitted, who, request):
    with pytest.raises(PermissionDenied):
        services.publish_project(user=request.getfixturevalue(who), project_id=submitted.pk)


def test_a_draft_cannot_be_published(project, lead_rep):
    with pytest.raises(ValidationError, match="Only a submitted"):
        services.publish_project(user=lead_rep, project_id=project.pk)


def test_a_lead_returns_a_project_to_draft_with_a_reason(lead_rep, submitted, member_rep):
    project = services.return_project(
        user=lead_rep, project_id=submitted.pk, reason=" Name the partners. "
    )

    assert (project.status, project.return_reason) == (ProjectStatus.DRAFT, "Name the partners.")
    assert notified(Kind.PROJECT_RETURNED) == {member_rep.email}


def test_returning_needs_a_reason(submitted, lead_rep):
    with pytest.raises(ValidationError) as error:
        services.return_project(user=lead_rep, project_id=submitted.pk, reason="  ")

    assert "reason" in error.value.error_dict


def test_a_returned_project_can_be_submitted_again(lead_rep, submitted, member_rep):
    services.return_project(user=lead_rep, project_id=submitted.pk, reason="More detail.")

    project = services.submit_project(user=member_rep, project_id=submitted.pk)

    assert (project.status, project.return_reason) == (ProjectStatus.SUBMITTED, "")
    assert Notification.objects.filter(kind=Kind.PROJECT_SUBMITTED, recipient=lead_rep).count() == 2


def test_a_member_cannot_return_a_project(submitted, member_rep):
    with pytest.raises(PermissionDenied):
        services.return_project(user=member_rep, project_id=submitted.pk, reason="No.")


@pytest.mark.parametrize("who", ["member_rep", "lead_rep", "moderator"])
def test_a_published_project_is_archived_by_its_team_a_lead_or_a_moderator(published, who, request):
    project = services.archive_project(user=request.getfixturevalue(who), project_id=published.pk)

    assert project.status == ProjectStatus.ARCHIVED


def test_an_outsider_cannot_archive(published, outsider_rep):
    with pytest.raises(PermissionDenied):
        services.archive_project(user=outsider_rep, project_id=published.pk)


def test_a_draft_cannot_be_archived(project, member_rep):
    with pytest.raises(ValidationError, match="Only a published"):
        services.archive_project(user=member_rep, project_id=project.pk)
