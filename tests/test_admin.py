"""The Django admin, where Commission moderators work.

Every registered model's pages render (or are forbidden) as the moderators'
group permissions say; the moderation actions go through the services and
report each object's outcome; changelists do not run a query per row.
"""

import datetime
import re
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, User
from cooperation.models import BoardPost, BoardTopic, Conversation, Interest, Message, Posting
from core.moderators import MODERATORS_GROUP
from core.workflow import RequestStatus
from events.models import Event, EventDocument, Meeting, Registration
from notifications.choices import Kind
from notifications.models import Follow, Notification, Preference
from partnerships.choices import PartnershipRole
from partnerships.models import (
    Call,
    Partnership,
    PartnershipJoinRequest,
    PartnershipMembership,
    PartnershipProposal,
    ProposalInvitation,
)
from portal.models import CalendarFeed, Report
from projects.models import FundingSource, InvestmentProject, ProjectPartner, StageChange
from regions.choices import AffiliationStatus, ClusterStatus
from regions.models import (
    Affiliation,
    AffiliationInvitation,
    Cluster,
    ClusterValidation,
    Priority,
    Region,
    RegionPriority,
    Ris3Priority,
)
from tests.accounts.factories import PASSWORD, UserFactory, api_token
from tests.cooperation.factories import (
    BoardPostFactory,
    BoardTopicFactory,
    ConversationFactory,
    InterestFactory,
    MessageFactory,
    PostingFactory,
)
from tests.events.factories import (
    EventDocumentFactory,
    EventFactory,
    MeetingFactory,
    RegistrationFactory,
)
from tests.notifications.factories import FollowFactory, NotificationFactory, PreferenceFactory
from tests.page_helpers import client_for, text_of
from tests.partnerships.factories import (
    CallFactory,
    PartnershipFactory,
    PartnershipJoinRequestFactory,
    PartnershipMembershipFactory,
    ProposalFactory,
    ProposalInvitationFactory,
)
from tests.portal.factories import ReportFactory, calendar_feed
from tests.projects.factories import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    StageChangeFactory,
)
from tests.regions.factories import (
    AffiliationFactory,
    AffiliationInvitationFactory,
    ClusterFactory,
    ClusterValidationFactory,
    PriorityFactory,
    RegionFactory,
    RegionPriorityFactory,
    Ris3PriorityFactory,
    representative_of,
)
from tests.thematic_areas.factories import (
    AreaFactory,
    AreaJoinRequestFactory,
    AreaSourceFactory,
    LeadInvitationFactory,
    MembershipFactory,
    NamedParticipantFactory,
    ProgressReportFactory,
)
from thematic_areas.choices import AreaStatus, MembershipRole, ReportStatus
from thematic_areas.models import (
    AreaJoinRequest,
    AreaMembership,
    AreaSource,
    LeadInvitation,
    NamedParticipant,
    ProgressReport,
    ThematicArea,
)

FACTORIES = {
    User: UserFactory,
    ApiToken: api_token,
    Group: lambda: Group.objects.get(name=MODERATORS_GROUP),
    EmailAddress: lambda: UserFactory().emailaddress_set.get(),
    Region: RegionFactory,
    Priority: PriorityFactory,
    RegionPriority: RegionPriorityFactory,
    Ris3Priority: Ris3PriorityFactory,
    Cluster: ClusterFactory,
    ClusterValidation: ClusterValidationFactory,
    Affiliation: AffiliationFactory,
    AffiliationInvitation: AffiliationInvitationFactory,
    ThematicArea: AreaFactory,
    AreaMembership: MembershipFactory,
    AreaSource: AreaSourceFactory,
    NamedParticipant: NamedParticipantFactory,
    AreaJoinRequest: AreaJoinRequestFactory,
    LeadInvitation: LeadInvitationFactory,
    ProgressReport: ProgressReportFactory,
    Call: CallFactory,
    Partnership: PartnershipFactory,
    PartnershipMembership: PartnershipMembershipFactory,
    PartnershipJoinRequest: PartnershipJoinRequestFactory,
    InvestmentProject: ProjectFactory,
    ProjectPartner: ProjectPartnerFactory,
    FundingSource: FundingSourceFactory,
    StageChange: StageChangeFactory,
    Notification: NotificationFactory,
    Preference: PreferenceFactory,
    Follow: FollowFactory,
    Report: ReportFactory,
    Event: EventFactory,
    Registration: RegistrationFactory,
    EventDocument: EventDocumentFactory,
    Meeting: MeetingFactory,
    PartnershipProposal: ProposalFactory,
    ProposalInvitation: ProposalInvitationFactory,
    CalendarFeed: calendar_feed,
    Posting: PostingFactory,
    Interest: InterestFactory,
    Conversation: ConversationFactory,
    Message: MessageFactory,
    BoardTopic: BoardTopicFactory,
    BoardPost: BoardPostFactory,
}
PORTAL_APPS = [
    "accounts",
    "regions",
    "thematic_areas",
    "partnerships",
    "projects",
    "events",
    "cooperation",
    "notifications",
    "portal",
]
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)
WITH_HISTORY = [model for model in REGISTERED if hasattr(model, "history")]

# From the data migration projects/0002_commission_moderators_group.
MODERATORS_CANNOT_VIEW = {ApiToken, Group, CalendarFeed}
MODERATORS_CAN_ADD = {
    Priority,
    RegionPriority,
    Ris3Priority,
    AreaMembership,
    AreaSource,
    NamedParticipant,
    Call,
    Partnership,
    PartnershipMembership,
    ProjectPartner,
    FundingSource,
    Event,
}
# Written only by the services (or by their owners), never added by hand.
NOBODY_ADDS = {
    ApiToken,
    AffiliationInvitation,
    ClusterValidation,
    AreaJoinRequest,
    LeadInvitation,
    PartnershipJoinRequest,
    StageChange,
    Notification,
    Report,
    Registration,
    CalendarFeed,
    EventDocument,
    Meeting,
    PartnershipProposal,
    ProposalInvitation,
    Posting,
    Interest,
    Conversation,
    Message,
    BoardTopic,
    BoardPost,
}


def label(model):
    return model._meta.label


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def run_action(client, model, action, objects, **data):
    """Choose an action on the changelist, as the action bar does."""
    selected = [obj.pk for obj in objects]
    payload = {"action": action, "_selected_action": selected, "index": 0, **data}
    return client.post(admin_url(model, "changelist"), payload, follow=True)


def confirm_action(client, model, action, objects, **data):
    """Submit an action's intermediate page."""
    selected = [obj.pk for obj in objects]
    payload = {"action": action, "_selected_action": selected, "post": "yes", **data}
    return client.post(admin_url(model, "changelist"), payload, follow=True)


def messages_of(response):
    return [(message.level_tag, str(message)) for message in response.context["messages"]]


@pytest.fixture
def superuser_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.eu", PASSWORD))
    return client


# Registration and pages


def test_every_portal_model_is_registered():
    for app_label in PORTAL_APPS:
        for model in apps.get_app_config(app_label).get_models():
            if not model.__name__.startswith("Historical"):
                assert model in admin.site._registry, model


def test_every_registered_model_has_a_factory_for_the_page_tests():
    assert set(REGISTERED) <= set(FACTORIES)


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_a_moderator_sees_the_pages_the_group_allows(model, moderator_client):
    obj = FACTORIES[model]()
    viewable = 403 if model in MODERATORS_CANNOT_VIEW else 200
    addable = 200 if model in MODERATORS_CAN_ADD else 403

    assert moderator_client.get(admin_url(model, "changelist")).status_code == viewable
    assert moderator_client.get(admin_url(model, "change", obj.pk)).status_code == viewable
    assert moderator_client.get(admin_url(model, "add")).status_code == addable


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_a_superuser_sees_every_page_but_adds_only_what_is_not_written_by_services(
    model, superuser_client
):
    obj = FACTORIES[model]()
    addable = 403 if model in NOBODY_ADDS else 200

    assert superuser_client.get(admin_url(model, "changelist")).status_code == 200
    assert superuser_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert superuser_client.get(admin_url(model, "add")).status_code == addable


@pytest.mark.parametrize("model", WITH_HISTORY, ids=label)
def test_a_moderator_reads_the_audit_trail_but_cannot_delete(model, moderator_client):
    obj = FACTORIES[model]()

    assert moderator_client.get(admin_url(model, "history", obj.pk)).status_code == 200
    assert moderator_client.get(admin_url(model, "delete", obj.pk)).status_code == 403


def test_the_audit_trail_cannot_be_reverted_through_the_admin(superuser_client):
    area = AreaFactory(summary="First summary")
    area.summary = "Second summary"
    area.save()
    first = area.history.earliest()
    url = reverse(
        "admin:thematic_areas_thematicarea_simple_history", args=[area.pk, first.history_id]
    )

    response = superuser_client.post(url, {"name": area.name, "summary": "First summary"})

    assert response.status_code == 403
    area.refresh_from_db()
    assert area.summary == "Second summary"


@pytest.mark.parametrize("model", [Cluster, Affiliation, Region], ids=label)
def test_records_without_history_that_are_archived_cannot_be_deleted(model, superuser_client):
    obj = FACTORIES[model]()

    assert superuser_client.get(admin_url(model, "delete", obj.pk)).status_code == 403


@pytest.mark.parametrize("model", REGISTERED, ids=label)
def test_staff_outside_the_moderators_group_are_forbidden(model, db):
    client = Client()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(admin_url(model, "changelist")).status_code == 403


def test_staff_with_change_permission_but_not_moderators_get_no_moderation_actions(db):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_affiliation", "change_affiliation"])
    )
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)
    client = Client()
    client.force_login(staff)

    response = client.get(admin_url(Affiliation, "changelist"))
    response_to_action = run_action(client, Affiliation, "verify_affiliations", [affiliation])

    assert response.context["action_form"] is None  # no action at all is offered
    assert response_to_action.status_code == 200
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.PENDING


def test_the_api_token_page_never_shows_the_digest(superuser_client):
    token = api_token()

    response = superuser_client.get(admin_url(ApiToken, "change", token.pk))

    assert token.prefix in response.content.decode()
    assert token.digest not in response.content.decode()


def test_a_superuser_adds_a_user_by_email_alone(superuser_client):
    response = superuser_client.post(
        admin_url(User, "add"),
        {
            "email": "new.moderator@example.eu",
            "usable_password": "true",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Ana",
            "last_name": "Pereira",
            "is_active": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name=MODERATORS_GROUP).pk],
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.moderator@example.eu")
    assert user.check_password(PASSWORD)
    assert user.is_staff
    assert user.groups.filter(name=MODERATORS_GROUP).exists()


def test_the_admin_says_it_is_the_moderation_site(moderator_client):
    response = moderator_client.get(reverse("admin:index"))

    assert "S3P Industrial Modernisation — moderation" in response.content.decode()


# Affiliations


def test_a_moderator_verifies_affiliations_in_bulk(moderator, moderator_client):
    region_affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)
    cluster_affiliation = AffiliationFactory(
        status=AffiliationStatus.PENDING, region=None, cluster=ClusterFactory()
    )

    response = run_action(
        moderator_client,
        Affiliation,
        "verify_affiliations",
        [region_affiliation, cluster_affiliation],
    )

    for affiliation in (region_affiliation, cluster_affiliation):
        affiliation.refresh_from_db()
        assert affiliation.status == AffiliationStatus.VERIFIED
        assert affiliation.decided_by == moderator
        assert affiliation.decided_at is not None
    assert [level for level, _ in messages_of(response)] == ["success", "success"]


def test_rejecting_an_affiliation_first_asks_for_a_reason(moderator_client):
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)

    response = run_action(moderator_client, Affiliation, "reject_affiliations", [affiliation])

    assert response.status_code == 200
    assert "admin/decide_with_reason.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert 'name="reason"' in content
    assert f'name="_selected_action" value="{affiliation.pk}"' in content
    assert 'name="action" value="reject_affiliations"' in content
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.PENDING


def test_rejecting_an_affiliation_without_a_reason_shows_the_form_again_and_changes_nothing(
    moderator_client,
):
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)

    response = confirm_action(
        moderator_client, Affiliation, "reject_affiliations", [affiliation], reason="  "
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.PENDING
    assert affiliation.decided_by is None


def test_rejecting_an_affiliation_with_a_reason_records_it(moderator, moderator_client):
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)

    response = confirm_action(
        moderator_client,
        Affiliation,
        "reject_affiliations",
        [affiliation],
        reason="The e-mail is not at the region's domain.",
    )

    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REJECTED
    assert affiliation.decided_by == moderator
    assert affiliation.decision_reason == "The e-mail is not at the region's domain."
    assert messages_of(response)[0][0] == "success"


def record_page(client, obj):
    opts = obj._meta
    return client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


def record_buttons(response):
    """The moderation decisions offered as buttons on a record's page: (action, label)."""
    return re.findall(
        r'<input type="hidden" name="action" value="(\w+)">.*?<button type="submit" class="button">'
        r"([^<]+)</button>",
        response.content.decode(),
        re.S,
    )


def test_a_pending_affiliation_is_verified_from_its_own_page(moderator, moderator_client):
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)
    page = record_page(moderator_client, affiliation)
    assert record_buttons(page) == [
        ("verify_affiliations", "Verify"),
        ("reject_affiliations", "Reject…"),
    ]

    response = moderator_client.post(
        reverse("admin:regions_affiliation_changelist"),
        {
            "action": "verify_affiliations",
            "index": "0",
            "_selected_action": affiliation.pk,
            "_record": affiliation.pk,
        },
    )

    assert response.url == reverse("admin:regions_affiliation_change", args=[affiliation.pk])
    affiliation.refresh_from_db()
    assert (affiliation.status, affiliation.decided_by) == (AffiliationStatus.VERIFIED, moderator)
    assert record_buttons(record_page(moderator_client, affiliation)) == [
        ("revoke_affiliations", "Revoke…")
    ]


def test_a_rejection_from_a_record_asks_the_reason_then_goes_back_to_the_record(
    moderator_client,
):
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)
    changelist = reverse("admin:regions_affiliation_changelist")
    data = {
        "action": "reject_affiliations",
        "index": "0",
        "_selected_action": affiliation.pk,
        "_record": affiliation.pk,
    }

    form = moderator_client.post(changelist, data)
    done = moderator_client.post(
        changelist, {**data, "post": "yes", "reason": "Not at the region's domain."}
    )

    assert f'name="_record" value="{affiliation.pk}"' in form.content.decode()
    assert done.url == reverse("admin:regions_affiliation_change", args=[affiliation.pk])
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REJECTED
    assert record_buttons(record_page(moderator_client, affiliation)) == []


def test_proposals_clusters_and_projects_offer_their_decisions_on_their_pages(moderator_client):
    area = AreaFactory(status=AreaStatus.PROPOSED)
    cluster = ClusterFactory(status=ClusterStatus.PENDING)
    project = ProjectFactory(status="submitted")

    assert [a for a, _ in record_buttons(record_page(moderator_client, area))] == [
        "approve_proposals",
        "reject_proposals",
    ]
    assert [a for a, _ in record_buttons(record_page(moderator_client, cluster))] == [
        "validate_profiles",
        "reject_profiles",
    ]
    assert [a for a, _ in record_buttons(record_page(moderator_client, project))] == [
        "publish_projects",
        "return_projects",
    ]


def test_a_second_decision_on_an_affiliation_shows_an_error_and_changes_nothing(moderator_client):
    decider = UserFactory()
    decided_at = timezone.now() - datetime.timedelta(days=3)
    affiliation = AffiliationFactory(
        status=AffiliationStatus.VERIFIED, decided_by=decider, decided_at=decided_at
    )

    verified_again = run_action(moderator_client, Affiliation, "verify_affiliations", [affiliation])
    rejected = confirm_action(
        moderator_client, Affiliation, "reject_affiliations", [affiliation], reason="Changed mind"
    )

    for response in (verified_again, rejected):
        assert response.status_code == 200
        [(level, text)] = messages_of(response)
        assert level == "error"
        assert "already decided" in text
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.VERIFIED
    assert affiliation.decided_by == decider
    assert affiliation.decided_at == decided_at


def test_one_failed_decision_does_not_stop_the_others(moderator_client):
    decided = AffiliationFactory(status=AffiliationStatus.VERIFIED, decided_at=timezone.now())
    pending = AffiliationFactory(status=AffiliationStatus.PENDING)

    response = run_action(moderator_client, Affiliation, "verify_affiliations", [decided, pending])

    assert sorted(level for level, _ in messages_of(response)) == ["error", "success"]
    pending.refresh_from_db()
    assert pending.status == AffiliationStatus.VERIFIED


def test_the_decision_fields_of_an_affiliation_are_read_only(moderator, moderator_client):
    affiliation = AffiliationFactory(status=AffiliationStatus.PENDING)

    response = moderator_client.get(admin_url(Affiliation, "change", affiliation.pk))

    form_fields = response.context["adminform"].form.fields
    for name in ("status", "decided_by", "decided_at", "decision_reason", "user", "region"):
        assert name not in form_fields


def test_a_moderator_revokes_a_verified_affiliation_with_a_reason(moderator, moderator_client):
    affiliation = AffiliationFactory(status=AffiliationStatus.VERIFIED, decided_at=timezone.now())
    pending = AffiliationFactory(status=AffiliationStatus.PENDING)

    response = confirm_action(
        moderator_client,
        Affiliation,
        "revoke_affiliations",
        [affiliation, pending],
        reason="Left the regional administration.",
    )

    affiliation.refresh_from_db()
    pending.refresh_from_db()
    assert affiliation.status == AffiliationStatus.REJECTED
    assert affiliation.decided_by == moderator
    assert affiliation.decision_reason == "Left the regional administration."
    assert pending.status == AffiliationStatus.PENDING
    assert sorted(level for level, _ in messages_of(response)) == ["error", "success"]


# Area proposals


def test_approving_an_area_proposal_makes_the_proposing_region_lead(moderator, moderator_client):
    area = AreaFactory(status=AreaStatus.PROPOSED)

    response = run_action(moderator_client, ThematicArea, "approve_proposals", [area])

    area.refresh_from_db()
    assert area.status == AreaStatus.ACTIVE
    assert area.decided_by == moderator
    lead = area.memberships.leads().get()
    assert lead.region == area.proposing_region
    assert lead.approved_by == moderator
    assert messages_of(response)[0][0] == "success"


def test_rejecting_an_area_proposal_needs_a_reason(moderator, moderator_client):
    area = AreaFactory(status=AreaStatus.PROPOSED)

    without_reason = confirm_action(
        moderator_client, ThematicArea, "reject_proposals", [area], reason=""
    )
    area.refresh_from_db()
    assert without_reason.context["form"].errors["reason"]
    assert area.status == AreaStatus.PROPOSED

    confirm_action(
        moderator_client,
        ThematicArea,
        "reject_proposals",
        [area],
        reason="It overlaps the existing area on 3D printing.",
    )
    area.refresh_from_db()
    assert area.status == AreaStatus.REJECTED
    assert area.decided_by == moderator
    assert area.decision_reason == "It overlaps the existing area on 3D printing."
    assert not area.memberships.exists()


def test_a_second_decision_on_an_area_shows_an_error_and_changes_nothing(moderator_client):
    area = AreaFactory(status=AreaStatus.ACTIVE)

    approved_again = run_action(moderator_client, ThematicArea, "approve_proposals", [area])
    rejected = confirm_action(
        moderator_client, ThematicArea, "reject_proposals", [area], reason="Too late"
    )

    for response in (approved_again, rejected):
        [(level, text)] = messages_of(response)
        assert level == "error"
        assert "already decided" in text
    area.refresh_from_db()
    assert area.status == AreaStatus.ACTIVE
    assert area.decided_by is None
    assert area.memberships.count() == 1


def test_a_moderator_adds_a_member_region_on_the_area_page(moderator, moderator_client):
    area = AreaFactory()
    region = RegionFactory()
    lead = area.memberships.get()
    prefix = "memberships"
    data = {
        "name": area.name,
        "slug": area.slug,
        "summary": area.summary,
        "phase": area.phase,
        "objectives": area.objectives,
        "action_plan": area.action_plan,
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-0-id": lead.pk,
        f"{prefix}-0-area": area.pk,
        f"{prefix}-1-area": area.pk,
        f"{prefix}-1-region": region.pk,
        f"{prefix}-1-role": MembershipRole.MEMBER,
        "progress_reports-TOTAL_FORMS": "0",
        "progress_reports-INITIAL_FORMS": "0",
        "named_participants-TOTAL_FORMS": "0",
        "named_participants-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }

    response = moderator_client.post(admin_url(ThematicArea, "change", area.pk), data)

    assert response.status_code == 302, response.context["errors"]
    membership = area.memberships.get(region=region)
    assert membership.role == MembershipRole.MEMBER
    assert membership.approved_by == moderator
    lead.refresh_from_db()
    assert lead.role == MembershipRole.LEAD


# Cluster profiles


def pending_cluster(**kwargs):
    return ClusterFactory(status=ClusterStatus.PENDING, **kwargs)


def test_validating_a_cluster_shows_the_computed_checklist(moderator_client):
    cluster = pending_cluster(management_fte=Decimal("0.2"))

    response = run_action(moderator_client, Cluster, "validate_profiles", [cluster])

    content = response.content.decode()
    assert response.status_code == 200
    assert "At least 0.5 FTE cluster management" in content
    assert "0.2 FTE" in content
    assert "25 members" in content
    assert cluster.website in content
    assert f'name="english_website_{cluster.pk}"' in content


def test_a_moderator_validates_a_cluster_profile_with_the_checklist(moderator, moderator_client):
    cluster = pending_cluster()

    response = confirm_action(
        moderator_client,
        Cluster,
        "validate_profiles",
        [cluster],
        **{f"english_website_{cluster.pk}": "on"},
    )

    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PUBLISHED
    validation = cluster.validations.get()
    assert validation.approved
    assert validation.english_website_ok
    assert validation.members_ok
    assert validation.decided_by == moderator
    assert messages_of(response)[0][0] == "success"


def test_a_cluster_is_not_validated_when_the_website_is_not_in_english(moderator_client):
    cluster = pending_cluster()

    response = confirm_action(moderator_client, Cluster, "validate_profiles", [cluster])

    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "a website in English" in text
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PENDING
    assert not cluster.validations.exists()


def test_rejecting_a_cluster_profile_needs_a_reason(moderator, moderator_client):
    cluster = pending_cluster(members_sme=3, members_research=0)

    without_reason = confirm_action(moderator_client, Cluster, "reject_profiles", [cluster])
    assert without_reason.context["form"].errors["reason"]
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PENDING

    confirm_action(
        moderator_client, Cluster, "reject_profiles", [cluster], reason="Only 3 members."
    )
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.REJECTED
    validation = cluster.validations.get()
    assert not validation.approved
    assert not validation.members_ok
    assert validation.reason == "Only 3 members."


def test_a_second_decision_on_a_cluster_shows_an_error_and_changes_nothing(moderator_client):
    cluster = ClusterFactory(status=ClusterStatus.PUBLISHED)

    response = confirm_action(
        moderator_client, Cluster, "reject_profiles", [cluster], reason="Inactive"
    )

    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "not awaiting validation" in text
    cluster.refresh_from_db()
    assert cluster.status == ClusterStatus.PUBLISHED
    assert not cluster.validations.exists()


# Join requests


def test_a_moderator_approves_an_area_join_request(moderator, moderator_client):
    join_request = AreaJoinRequestFactory()

    response = run_action(moderator_client, AreaJoinRequest, "approve_requests", [join_request])

    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
    assert join_request.decided_by == moderator
    membership = AreaMembership.objects.current().get(
        area=join_request.area, region=join_request.region
    )
    assert membership.role == MembershipRole.MEMBER
    assert membership.approved_by == moderator
    assert messages_of(response)[0][0] == "success"


def test_a_moderator_rejects_an_area_join_request_with_a_reason(moderator, moderator_client):
    join_request = AreaJoinRequestFactory()

    without_reason = confirm_action(
        moderator_client, AreaJoinRequest, "reject_requests", [join_request], reason=""
    )
    assert without_reason.context["form"].errors["reason"]
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.PENDING

    confirm_action(
        moderator_client,
        AreaJoinRequest,
        "reject_requests",
        [join_request],
        reason="The statement commits to nothing.",
    )
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.REJECTED
    assert join_request.decided_by == moderator
    assert join_request.decision_reason == "The statement commits to nothing."
    assert not AreaMembership.objects.filter(region=join_request.region).exists()


def test_a_second_decision_on_an_area_join_request_shows_an_error_and_changes_nothing(
    moderator, moderator_client
):
    join_request = AreaJoinRequestFactory()
    run_action(moderator_client, AreaJoinRequest, "approve_requests", [join_request])

    again = run_action(moderator_client, AreaJoinRequest, "approve_requests", [join_request])
    rejected = confirm_action(
        moderator_client, AreaJoinRequest, "reject_requests", [join_request], reason="No"
    )

    for response in (again, rejected):
        [(level, text)] = messages_of(response)
        assert level == "error"
        assert "already approved" in text
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
    assert AreaMembership.objects.filter(region=join_request.region).count() == 1


def test_a_moderator_approves_a_partnership_join_request(moderator, moderator_client):
    join_request = PartnershipJoinRequestFactory()

    run_action(moderator_client, PartnershipJoinRequest, "approve_requests", [join_request])

    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.APPROVED
    assert join_request.decided_by == moderator
    membership = PartnershipMembership.objects.current().get(
        partnership=join_request.partnership, cluster=join_request.cluster
    )
    assert membership.approved_by == moderator


def test_a_moderator_rejects_a_partnership_join_request_with_a_reason(moderator, moderator_client):
    join_request = PartnershipJoinRequestFactory()

    without_reason = confirm_action(
        moderator_client, PartnershipJoinRequest, "reject_requests", [join_request]
    )
    assert without_reason.context["form"].errors["reason"]

    confirm_action(
        moderator_client,
        PartnershipJoinRequest,
        "reject_requests",
        [join_request],
        reason="Outside the partnership's scope.",
    )
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.REJECTED
    assert join_request.decision_reason == "Outside the partnership's scope."
    assert not PartnershipMembership.objects.filter(cluster=join_request.cluster).exists()


def test_a_second_decision_on_a_partnership_join_request_shows_an_error(moderator_client):
    join_request = PartnershipJoinRequestFactory(
        status=RequestStatus.WITHDRAWN, decided_at=timezone.now()
    )

    response = run_action(
        moderator_client, PartnershipJoinRequest, "approve_requests", [join_request]
    )

    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "already withdrawn" in text
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.WITHDRAWN
    assert not PartnershipMembership.objects.filter(cluster=join_request.cluster).exists()


def test_the_fields_of_a_join_request_are_read_only(moderator_client):
    join_request = AreaJoinRequestFactory()

    response = moderator_client.get(admin_url(AreaJoinRequest, "change", join_request.pk))

    assert response.status_code == 200
    assert not response.context["adminform"].form.fields


# Memberships


def test_ending_a_membership_goes_through_the_service_that_keeps_the_last_lead(moderator_client):
    area = AreaFactory()
    member = MembershipFactory(area=area)
    lead = area.memberships.leads().get()

    response = run_action(moderator_client, AreaMembership, "end_memberships", [member, lead])

    member.refresh_from_db()
    lead.refresh_from_db()
    assert member.left_at is not None
    assert lead.left_at is None
    assert sorted(level for level, _ in messages_of(response)) == ["error", "success"]


def test_ending_a_partnership_membership_keeps_the_coordinator(moderator_client):
    partnership = PartnershipFactory()
    member = PartnershipMembershipFactory(partnership=partnership)
    coordinator = partnership.memberships.get(cluster=partnership.coordinator)

    response = run_action(
        moderator_client, PartnershipMembership, "end_memberships", [member, coordinator]
    )

    member.refresh_from_db()
    coordinator.refresh_from_db()
    assert member.left_at is not None
    assert coordinator.left_at is None
    assert sorted(level for level, _ in messages_of(response)) == ["error", "success"]


# Memberships added in the admin go through the services


def add_membership(client, model, target, member):
    """Post a membership's own add page, as a moderator fills it in."""
    fields = {model.target_field: target.pk, model.member_field: member.pk, "role": "member"}
    return client.post(admin_url(model, "add"), fields)


def added_notification(user):
    return Notification.objects.get(recipient=user, kind=Kind.JOIN_REQUEST_DECIDED)


def test_a_member_region_added_on_its_add_page_is_added_by_the_service(moderator, moderator_client):
    area, region = AreaFactory(), RegionFactory()
    representative = representative_of(region)

    response = add_membership(moderator_client, AreaMembership, area, region)

    assert response.status_code == 302
    membership = area.memberships.current().get(region=region)
    assert membership.approved_by == moderator
    notification = added_notification(representative)
    assert notification.subject == membership
    assert "A Commission moderator added" in notification.message


def test_the_add_page_shows_the_services_refusal_and_adds_nothing(moderator_client):
    proposed = AreaFactory(status=AreaStatus.PROPOSED)
    member = MembershipFactory()
    refusals = [
        (proposed, RegionFactory(), "Only active thematic areas accept new members."),
        (member.area, member.region, f"{member.region} is already a member of this area."),
    ]

    for area, region, refusal in refusals:
        response = add_membership(moderator_client, AreaMembership, area, region)
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors() == [refusal]
        assert "one_current_per_pair" not in response.text
    assert AreaMembership.objects.count() == 2  # the member and its area's lead


def test_a_member_region_added_on_the_area_page_of_an_inactive_area_is_refused_on_its_row(
    moderator_client,
):
    area = AreaFactory(status=AreaStatus.CLOSED)
    lead = area.memberships.get()
    data = {
        "name": "Renamed area",
        "slug": area.slug,
        "summary": area.summary,
        "phase": area.phase,
        "objectives": area.objectives,
        "action_plan": area.action_plan,
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": lead.pk,
        "memberships-0-area": area.pk,
        "memberships-1-area": area.pk,
        "memberships-1-region": RegionFactory().pk,
        "memberships-1-role": MembershipRole.MEMBER,
        "progress_reports-TOTAL_FORMS": "0",
        "progress_reports-INITIAL_FORMS": "0",
        "named_participants-TOTAL_FORMS": "0",
        "named_participants-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }

    response = moderator_client.post(admin_url(ThematicArea, "change", area.pk), data)

    assert response.status_code == 200
    assert "Only active thematic areas accept new members." in text_of(response)
    area.refresh_from_db()
    assert area.name != "Renamed area"
    assert area.memberships.count() == 1


def test_a_refusal_when_saving_rolls_the_whole_page_back_and_is_shown_as_an_error(
    superuser_client,
):
    # A new area is only proposed: the service refuses its first member when it
    # is saved, after the area itself was written.
    data = {
        "name": "Space data for farming",
        "slug": "space-data-for-farming",
        "summary": "Regions using satellite data.",
        "phase": "learn",
        "objectives": "Map the uses.",
        "action_plan": "Two workshops.",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-region": RegionFactory().pk,
        "memberships-0-role": MembershipRole.LEAD,
        "progress_reports-TOTAL_FORMS": "0",
        "progress_reports-INITIAL_FORMS": "0",
        "named_participants-TOTAL_FORMS": "0",
        "named_participants-INITIAL_FORMS": "0",
        "sources-TOTAL_FORMS": "0",
        "sources-INITIAL_FORMS": "0",
    }

    response = superuser_client.post(admin_url(ThematicArea, "add"), data, follow=True)

    assert response.status_code == 200
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "Only active thematic areas accept new members." in text
    assert not ThematicArea.objects.filter(slug="space-data-for-farming").exists()


def test_staff_who_are_not_moderators_cannot_add_members_even_with_the_permission(db):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="thematic_areas",
            codename__in=["add_areamembership", "view_areamembership"],
        )
    )
    area, region = AreaFactory(), RegionFactory()

    response = client_for(staff).post(
        admin_url(AreaMembership, "add"),
        {"area": area.pk, "region": region.pk, "role": "member"},
        follow=True,
    )

    assert response.status_code == 200
    [(level, text)] = messages_of(response)
    assert level == "error"
    assert "Only Commission moderators may take this decision." in text
    assert not area.memberships.filter(region=region).exists()


def test_a_member_cluster_added_on_its_add_page_is_added_by_the_service(
    moderator, moderator_client
):
    partnership = PartnershipFactory(
        call=CallFactory(closes_on=datetime.date(2017, 3, 31), opens_on=datetime.date(2016, 5, 1))
    )
    cluster = ClusterFactory()
    representative = representative_of(cluster)

    response = add_membership(moderator_client, PartnershipMembership, partnership, cluster)

    # The call's dates govern the clusters' requests, not what a moderator records.
    assert response.status_code == 302
    membership = partnership.memberships.current().get(cluster=cluster)
    assert membership.approved_by == moderator
    assert added_notification(representative).subject == membership


def test_a_cluster_whose_profile_is_not_validated_is_refused_on_the_add_page(moderator_client):
    partnership = PartnershipFactory()
    cluster = ClusterFactory(status=ClusterStatus.PENDING)

    response = add_membership(moderator_client, PartnershipMembership, partnership, cluster)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Your cluster profile must be validated before it can join."
    ]
    assert not partnership.memberships.filter(cluster=cluster).exists()


def test_a_moderator_adds_a_member_cluster_on_the_partnership_page(moderator, moderator_client):
    partnership = PartnershipFactory()
    coordinator = partnership.memberships.get()
    cluster = ClusterFactory()
    data = {
        "area": partnership.area.pk,
        "name": partnership.name,
        "slug": partnership.slug,
        "kind": partnership.kind,
        "coordinator": partnership.coordinator.pk,
        "call": partnership.call.pk,
        "created_at_0": partnership.created_at.date().isoformat(),
        "created_at_1": "12:00:00",
        "memberships-TOTAL_FORMS": "2",
        "memberships-INITIAL_FORMS": "1",
        "memberships-0-id": coordinator.pk,
        "memberships-0-partnership": partnership.pk,
        "memberships-1-partnership": partnership.pk,
        "memberships-1-cluster": cluster.pk,
        "memberships-1-role": PartnershipRole.MEMBER,
    }

    response = moderator_client.post(admin_url(Partnership, "change", partnership.pk), data)

    assert response.status_code == 302, response.context["errors"]
    assert partnership.memberships.current().get(cluster=cluster).approved_by == moderator


# Progress reports


def test_a_moderator_publishes_a_draft_report_which_then_cannot_be_edited(moderator_client):
    report = ProgressReportFactory()

    response = run_action(moderator_client, ProgressReport, "publish_reports", [report])
    again = run_action(moderator_client, ProgressReport, "publish_reports", [report])
    page = moderator_client.get(admin_url(ProgressReport, "change", report.pk))

    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    assert report.published_at is not None
    assert messages_of(response)[0][0] == "success"
    assert messages_of(again)[0][0] == "error"
    assert "activities" not in page.context["adminform"].form.fields


# Query counts


def two_kinds_of_affiliation():
    AffiliationFactory(status=AffiliationStatus.PENDING)
    AffiliationFactory(region=None, cluster=ClusterFactory(), decided_by=UserFactory())


CHANGELISTS = [
    (ThematicArea, lambda: AreaFactory(proposed_by=UserFactory())),
    (Affiliation, two_kinds_of_affiliation),
    (AreaJoinRequest, lambda: AreaJoinRequestFactory(decided_by=UserFactory())),
    (PartnershipJoinRequest, PartnershipJoinRequestFactory),
    (InvestmentProject, ProjectFactory),
    (Cluster, ClusterFactory),
    (AreaMembership, lambda: MembershipFactory(approved_by=UserFactory())),
    (Region, RegionFactory),
]


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("model", "make"), CHANGELISTS, ids=[m.__name__ for m, _ in CHANGELISTS])
def test_a_changelist_runs_no_query_per_row(model, make, moderator_client):
    url = admin_url(model, "changelist")
    make()
    count_queries(moderator_client, url)  # warm the caches (content types, session)
    with_one = count_queries(moderator_client, url)

    for _ in range(4):
        make()
    with_five = count_queries(moderator_client, url)

    assert with_five == with_one


def change_list_text(client, model, query):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(f"{url}?{query}")
    assert response.status_code == 200
    return text_of(response)


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("organisation=region", "Region applicant", "Cluster applicant"),
        ("organisation=cluster", "Cluster applicant", "Region applicant"),
        ("", "Region applicant", None),
    ],
)
def test_the_affiliation_list_filters_by_what_is_represented(
    moderator_client, query, shown, hidden
):
    AffiliationFactory(user=UserFactory(first_name="Region", last_name="applicant"))
    AffiliationFactory(
        user=UserFactory(first_name="Cluster", last_name="applicant"),
        region=None,
        cluster=ClusterFactory(),
    )

    body = change_list_text(moderator_client, Affiliation, query)

    assert shown in body
    assert hidden is None or hidden not in body


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [("current=yes", "Stayville", "Goneburg"), ("current=no", "Goneburg", "Stayville")],
)
def test_the_membership_list_filters_current_and_past_members(
    moderator_client, query, shown, hidden
):
    area = AreaFactory()
    MembershipFactory(area=area, region=RegionFactory(name="Stayville"))
    MembershipFactory(area=area, region=RegionFactory(name="Goneburg")).end()

    body = change_list_text(moderator_client, AreaMembership, query)

    assert shown in body and hidden not in body


def region_change(region, **changes):
    data = {
        "name": region.name,
        "name_national": region.name_national,
        "name_en": region.name_en,
        "cohesion_category": "",
        "cohesion_source_url": "",
        "pilot_note": "",
        "region_priorities-TOTAL_FORMS": "0",
        "region_priorities-INITIAL_FORMS": "0",
        "region_priorities-MIN_NUM_FORMS": "0",
        "region_priorities-MAX_NUM_FORMS": "1000",
    }
    return {**data, **changes}


def test_a_moderator_sets_a_cohesion_category_only_with_its_source(moderator_client):
    region = RegionFactory()
    url = reverse("admin:regions_region_change", args=[region.pk])

    refused = moderator_client.post(url, region_change(region, cohesion_category="transition"))

    assert refused.status_code == 200
    assert "A cohesion category needs the web address of the page that states it." in (
        refused.content.decode()
    )
    region.refresh_from_db()
    assert region.cohesion_category == ""

    source = "https://sources.example.eu/decision"
    saved = moderator_client.post(
        url, region_change(region, cohesion_category="transition", cohesion_source_url=source)
    )

    assert saved.status_code == 302
    region.refresh_from_db()
    assert (region.cohesion_category, region.cohesion_source_url) == ("transition", source)
