import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regions.choices import AffiliationStatus, ClusterStatus, InvitationStatus
from regions.models import Affiliation, Cluster
from tests.accounts.factories import UserFactory
from tests.page_helpers import assert_field_error, assert_form_error, client_for, text_of
from tests.regions.factories import (
    AffiliationFactory,
    ClusterFactory,
    PriorityFactory,
    RegionFactory,
    representative_of,
)

pytestmark = pytest.mark.django_db

CLUSTER_DATA = {
    "name": "Basque Advanced Manufacturing Cluster",
    "region": "xa1b",
    "acronym": "BAMC",
    "website": "https://bamc.example.eu",
    "description": "Machine-tool makers and their suppliers.",
    "management_fte": "2.5",
    "members_sme": "30",
    "members_large": "4",
    "members_research": "3",
    "members_public": "1",
    "members_other": "0",
    "role_title": "Cluster manager",
    "official_email": "manager@bamc.example.eu",
    "justification": "I run the cluster's secretariat.",
}


@pytest.fixture
def region():
    return RegionFactory(code="XA1B", name="Test region")


# Clusters


def test_the_cluster_list_shows_published_profiles_only(client):
    ClusterFactory(name="Published cluster")
    ClusterFactory(name="Pending cluster", status=ClusterStatus.PENDING)

    response = client.get(reverse("regions:cluster_list"))

    assert response.status_code == 200
    assert "Published cluster" in response.text
    assert "Pending cluster" not in response.text


def test_a_pending_profile_is_a_404_except_for_its_representatives_and_moderators(
    client, member, moderator_client
):
    cluster = ClusterFactory(status=ClusterStatus.PENDING)
    url = cluster.get_absolute_url()

    assert client.get(url).status_code == 404
    assert client_for(member).get(url).status_code == 404
    assert client_for(representative_of(cluster)).get(url).status_code == 200
    assert moderator_client.get(url).status_code == 200


def test_creating_a_profile_needs_a_login(client):
    response = client.get(reverse("regions:cluster_create"))

    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_a_member_creates_a_pending_profile_with_a_pending_affiliation(member, region):
    priority = PriorityFactory(code="C", level=1)
    client = client_for(member)
    assert client.get(reverse("regions:cluster_create")).status_code == 200

    response = client.post(
        reverse("regions:cluster_create"), {**CLUSTER_DATA, "priorities": [priority.pk]}
    )

    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    cluster = Cluster.objects.get(name=CLUSTER_DATA["name"])
    assert cluster.status == ClusterStatus.PENDING
    assert cluster.region == region
    assert list(cluster.priorities.all()) == [priority]
    affiliation = Affiliation.objects.get(user=member, cluster=cluster)
    assert affiliation.status == AffiliationStatus.PENDING
    dashboard = client.get(reverse("dashboard"))
    assert CLUSTER_DATA["name"] in dashboard.text


def test_a_profile_with_an_unknown_nuts_code_shows_the_error_on_the_field(member):
    response = client_for(member).post(
        reverse("regions:cluster_create"), {**CLUSTER_DATA, "region": "ZZ9"}
    )

    assert_field_error(response, "region", "Unknown NUTS code.")
    assert not Cluster.objects.exists()


def test_a_profile_with_a_negative_count_is_refused_without_a_500(member, region):
    response = client_for(member).post(
        reverse("regions:cluster_create"), {**CLUSTER_DATA, "members_sme": "-3"}
    )

    assert_field_error(response, "members_sme", "greater than or equal to 0")


def test_an_unverified_address_cannot_create_a_profile(region):
    user = UserFactory(verified=False)
    client = client_for(user)

    page = client.get(reverse("regions:cluster_create"))
    refused = client.post(reverse("regions:cluster_create"), CLUSTER_DATA)

    assert "Verify your e-mail address" in page.text
    assert refused.status_code == 403
    assert not Cluster.objects.exists()


def test_a_representative_edits_the_profile_and_it_stays_published():
    cluster = ClusterFactory(name="Old name")
    client = client_for(representative_of(cluster))
    url = reverse("regions:cluster_edit", args=[cluster.slug])
    assert "Old name" in client.get(url).text

    response = client.post(
        url,
        {
            "name": "New name",
            "website": "https://new.example.eu",
            "management_fte": "1",
            "members_sme": "20",
            "members_large": "0",
            "members_research": "5",
            "members_public": "0",
            "members_other": "0",
        },
    )

    assert response.status_code == 302
    cluster.refresh_from_db()
    assert cluster.name == "New name"
    assert cluster.status == ClusterStatus.PUBLISHED


def test_an_outsider_may_not_edit_a_published_profile_nor_see_a_pending_one(member, client):
    published = ClusterFactory()
    pending = ClusterFactory(status=ClusterStatus.PENDING)
    outsider = client_for(member)

    assert outsider.get(reverse("regions:cluster_edit", args=[published.slug])).status_code == 403
    assert (
        outsider.post(reverse("regions:cluster_edit", args=[published.slug]), {}).status_code == 403
    )
    assert outsider.get(reverse("regions:cluster_edit", args=[pending.slug])).status_code == 404
    assert client.get(reverse("regions:cluster_edit", args=[published.slug])).status_code == 302


# Affiliations


def test_asking_to_represent_needs_a_login(client):
    response = client.get(reverse("regions:affiliation_create"))

    assert response.status_code == 302


def test_a_member_asks_to_represent_a_region_by_its_nuts_code(member, region):
    client = client_for(member)
    assert client.get(reverse("regions:affiliation_create")).status_code == 200

    response = client.post(
        reverse("regions:affiliation_create"),
        {
            "region": " xa1b ",
            "role_title": "Head of unit",
            "official_email": "head@region.example.eu",
            "justification": "I coordinate the RIS3.",
        },
        follow=True,
    )

    affiliation = Affiliation.objects.get(user=member)
    assert affiliation.region == region
    assert affiliation.status == AffiliationStatus.PENDING
    assert "was sent to the moderators" in text_of(response)


def test_a_member_asks_to_represent_a_published_cluster(member):
    cluster = ClusterFactory()

    client_for(member).post(
        reverse("regions:affiliation_create"),
        {
            "cluster": cluster.pk,
            "role_title": "Manager",
            "official_email": "m@cluster.example.eu",
            "justification": "I manage it.",
        },
    )

    assert Affiliation.objects.get(user=member).cluster == cluster


def test_an_affiliation_shows_unknown_codes_and_missing_organisations(member):
    data = {"role_title": "Head", "official_email": "h@example.eu", "justification": "Because."}
    client = client_for(member)

    unknown = client.post(reverse("regions:affiliation_create"), {**data, "region": "QQ1"})
    neither = client.post(reverse("regions:affiliation_create"), data)

    assert_field_error(unknown, "region", "Unknown NUTS code.")
    assert_form_error(neither, "Choose either a region or a cluster organisation.")
    assert not Affiliation.objects.exists()


def test_a_second_request_for_the_same_region_is_refused_on_the_form(region):
    affiliation = AffiliationFactory(region=region, status=AffiliationStatus.PENDING)

    response = client_for(affiliation.user).post(
        reverse("regions:affiliation_create"),
        {
            "region": "XA1B",
            "role_title": "Head",
            "official_email": "h@x.eu",
            "justification": "Me.",
        },
    )

    assert_form_error(response, "You already represent")


# Colleague invitations


def test_a_representative_invites_a_colleague_who_accepts_on_the_dashboard(
    region, django_capture_on_commit_callbacks, mailoutbox
):
    inviter = representative_of(region)
    colleague = UserFactory(email="colleague@region.example.eu")
    client = client_for(inviter)
    assert client.get(reverse("regions:colleague_invite")).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("regions:colleague_invite"),
            {"region": region.pk, "email": "Colleague@Region.example.eu"},
        )
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["colleague@region.example.eu"]

    colleague_client = client_for(colleague)
    dashboard = colleague_client.get(reverse("dashboard"))
    invitation = region.invitations.get()
    accept_url = reverse("regions:colleague_invitation_accept", args=[invitation.pk])
    assert accept_url in dashboard.text
    assert colleague_client.post(accept_url).status_code == 302

    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED
    assert Affiliation.objects.get(user=colleague).status == AffiliationStatus.VERIFIED
    again = colleague_client.post(accept_url)
    assert_form_error(again, "This invitation was already answered.")


def test_only_region_representatives_invite_and_only_the_addressee_answers(member, region):
    invitation = region.invitations.create(email="someone@example.eu", invited_by=UserFactory())

    assert client_for(member).get(reverse("regions:colleague_invite")).status_code == 403
    accept_url = reverse("regions:colleague_invitation_accept", args=[invitation.pk])
    assert client_for(member).post(accept_url).status_code == 404


def test_inviting_an_invalid_address_shows_the_error_on_the_field(region):
    response = client_for(representative_of(region)).post(
        reverse("regions:colleague_invite"), {"region": region.pk, "email": "not-an-address"}
    )

    assert_field_error(response, "email", "Enter a valid email address.")


def test_the_cluster_pages_run_as_many_queries_for_1_or_20_rows(client):
    def world(rows):
        cluster = ClusterFactory()
        for _ in range(rows):
            ClusterFactory()
            cluster.priorities.add(PriorityFactory())
        counts = []
        for page in (reverse("regions:cluster_list"), cluster.get_absolute_url()):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200
            counts.append(len(queries))
        return counts

    assert world(1) == world(20)
