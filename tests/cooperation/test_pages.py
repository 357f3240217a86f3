"""The cooperation pages: list with filters and CSV, posting, interest, conversation, report."""

import pytest
from django.urls import reverse

from cooperation import services
from cooperation.models import Interest, Message, Posting
from portal.models import Report
from tests.accounts.factories import UserFactory
from tests.cooperation.conftest import posting_fields
from tests.cooperation.factories import PostingFactory
from tests.page_helpers import client_for, text_of
from tests.regions.factories import RegionFactory, RegionPriorityFactory, representative_of

pytestmark = pytest.mark.django_db


def test_the_list_filters_searches_and_exports(client, posting, printing):
    PostingFactory(title="Robotics offer", direction="offer", priorities=[printing[1]])
    url = reverse("cooperation:posting_list")

    assert posting.title in text_of(client.get(url, {"direction": "seek"}))
    assert "Robotics offer" not in text_of(client.get(url, {"direction": "seek"}))
    assert "Robotics offer" in text_of(client.get(url, {"q": "robotics"}))
    assert posting.title not in text_of(client.get(url, {"priority": "nace:C28"}))
    assert posting.title in text_of(client.get(url, {"country": posting.organisation_country}))
    assert posting.title not in text_of(client.get(url, {"state": "closed"}))
    response = client.get(url, {"format": "csv", "direction": "seek"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert posting.slug in csv and "robotics" not in csv
    assert client.get(url, {"priority": "bogus"}).status_code == 200
    assert client.get(url, {"format": "csv", "priority": "bogus"}).status_code == 400


def test_a_representative_posts_through_the_form_and_a_member_may_not(poster, printing):
    url = reverse("cooperation:posting_create")
    assert client_for(UserFactory()).get(url).status_code == 403
    cluster = poster.affiliations.get().cluster
    data = {
        **posting_fields(),
        "organisation": f"cluster:{cluster.slug}",
        "priorities": [str(printing[0].pk)],
        "partner_types": ["region", "research"],
        "countries": [],
    }
    data["closes_on"] = data["closes_on"].isoformat()
    client = client_for(poster)

    response = client.post(url, data)

    posting = Posting.objects.get()
    assert response.status_code == 302 and response.url == posting.get_absolute_url()
    assert posting.partner_types == ["region", "research"]
    page = text_of(client.get(posting.get_absolute_url()))
    assert "Edit the posting" in page and "Region, Research organisation" in page
    bad = client.post(url, {**data, "closes_on": "yesterday", "organisation": "region:XX"})
    assert bad.status_code == 200 and Posting.objects.count() == 1


def test_the_journey_from_interest_to_a_conversation(posting, printing):
    region = RegionFactory(name="Printing region")
    RegionPriorityFactory(region=region, priority=printing[0])
    rep = client_for(representative_of(region))
    poster = client_for(posting.created_by)
    assert posting.title in text_of(rep.get(reverse("dashboard")))

    rep.post(
        reverse("cooperation:interest_create", args=[posting.slug]),
        {
            "organisation": f"region:{region.code}",
            "message": "We run a printing centre: https://print.example.eu",
        },
    )
    interest = Interest.objects.get()
    page = text_of(poster.get(posting.get_absolute_url()))
    assert "We run a printing centre" in page and "Accept the interest" in page
    assert "Accept the interest" not in text_of(rep.get(posting.get_absolute_url()))
    assert rep.post(reverse("cooperation:interest_accept", args=[interest.pk])).status_code == 403

    poster.post(reverse("cooperation:interest_accept", args=[interest.pk]))
    conversation = Interest.objects.get().conversation
    url = conversation.get_absolute_url()
    poster.post(url, {"body": "Welcome! <script>alert(1)</script> See https://a.example.eu"})
    body = rep.get(url).content.decode()
    assert "&lt;script&gt;" in body and '<a href="https://a.example.eu"' in body
    assert client_for(UserFactory()).get(url).status_code == 404
    listing = text_of(rep.get(reverse("cooperation:conversation_list")))
    assert posting.title in listing

    message = Message.objects.get()
    report_url = reverse("report_content", args=["message", message.pk])
    rep.post(report_url, {"reason": "offensive"})
    assert Report.objects.get().content == message
    assert client_for(UserFactory()).get(report_url).status_code == 404


def test_a_hidden_message_shows_that_a_moderator_hid_it(posting, moderator_client):
    region = RegionFactory()
    user = representative_of(region)
    conversation = services.start_conversation(
        user=user, organisation=region, other=posting.cluster, subject="Hi", body="Spam spam"
    )
    message = conversation.messages.get()
    moderator_client.post(
        reverse("admin:cooperation_message_change", args=[message.pk]), {"is_hidden": "on"}
    )
    message.refresh_from_db()
    assert message.is_hidden
    page = text_of(client_for(posting.created_by).get(conversation.get_absolute_url()))
    assert "A moderator hid this message." in page and "Spam spam" not in page


def test_a_conversation_starts_from_an_organisation_page(posting):
    region = RegionFactory()
    client = client_for(representative_of(region))
    cluster_page = text_of(client.get(posting.cluster.get_absolute_url()))
    assert "Send a message" in cluster_page
    assert "Send a message" not in text_of(client.get(region.get_absolute_url()))

    url = reverse("cooperation:conversation_start", args=["cluster", posting.cluster.slug])
    response = client.post(
        url, {"organisation": f"region:{region.code}", "subject": "Hello", "body": "Let us talk"}
    )

    assert response.status_code == 302
    assert "Let us talk" in text_of(client_for(posting.created_by).get(response.url))
    bad = reverse("cooperation:conversation_start", args=["planet", "x"])
    assert client.get(bad).status_code == 404
