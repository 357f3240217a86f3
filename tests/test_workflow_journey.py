"""One journey through the pages: sign up, represent a region, propose an area, join it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from regions import services as region_services
from regions.models import Affiliation
from tests.accounts.factories import PASSWORD
from tests.regions.factories import RegionFactory
from thematic_areas import services as area_services
from thematic_areas.models import AreaJoinRequest, ThematicArea

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def sign_up(email, mailoutbox):
    """Register through allauth, open the e-mailed link and confirm it, then log in."""
    client = Client()
    response = client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    message = next(m for m in reversed(mailoutbox) if email in m.to and "Confirm" in m.subject)
    confirm_url = LINK.search(message.body).group(0)
    assert client.get(confirm_url).status_code == 200
    assert client.post(confirm_url).status_code == 302
    client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert "_auth_user_id" in client.session
    return client


def ask_to_represent(client, code):
    response = client.post(
        reverse("regions:affiliation_create"),
        {
            "region": code,
            "role_title": "Smart-specialisation officer",
            "official_email": "officer@region.example.eu",
            "justification": "I coordinate our RIS3.",
        },
    )
    assert response.status_code == 302, response.content
    return Affiliation.objects.latest("created_at")


def test_two_regions_meet_in_a_new_thematic_area_through_the_pages(
    mailoutbox, moderator, django_capture_on_commit_callbacks
):
    lead_region = RegionFactory(code="XA1A", name="Lead region")
    joining_region = RegionFactory(code="XA2A", name="Joining region")

    ana = sign_up("ana@lead.example.eu", mailoutbox)
    assert "Ask to represent a region or a cluster" in ana.get(reverse("dashboard")).text
    affiliation = ask_to_represent(ana, "xa1a")
    # The moderator's step: verifying in the admin is an admin action; the
    # journey calls the same service it runs.
    region_services.verify_affiliation(affiliation_id=affiliation.pk, moderator=moderator)

    response = ana.post(
        reverse("thematic_areas:area_propose"),
        {
            "region": lead_region.pk,
            "name": "Smart textiles",
            "summary": "Textile regions together.",
            "objectives": "Connect textile regions.",
            "action_plan": "Map competences first.",
        },
    )
    area = ThematicArea.objects.get(name="Smart textiles")
    assert response.status_code == 302
    assert ana.get(area.get_absolute_url()).status_code == 200
    # The moderator approves the proposal; again the admin's service, called directly.
    area_services.approve_area(area_id=area.pk, moderator=moderator)

    bob = sign_up("bob@joining.example.eu", mailoutbox)
    region_services.verify_affiliation(
        affiliation_id=ask_to_represent(bob, "XA2A").pk, moderator=moderator
    )
    area_page = bob.get(area.get_absolute_url())
    join_url = reverse("thematic_areas:area_join", args=[area.slug])
    assert join_url in area_page.text
    with django_capture_on_commit_callbacks(execute=True):
        bob.post(join_url, {"region": joining_region.pk, "statement": "We bring our labs."})
    join_request = AreaJoinRequest.objects.get(area=area)
    assert any("ana@lead.example.eu" in m.to and "asks to join" in m.subject for m in mailoutbox)

    dashboard = ana.get(reverse("dashboard"))
    approve_url = reverse("thematic_areas:join_request_approve", args=[join_request.pk])
    assert approve_url in dashboard.text
    response = ana.post(approve_url, {"next": reverse("dashboard")})
    assert response.status_code == 302 and response.url == reverse("dashboard")

    for client in (ana, bob):
        page = client.get(area.get_absolute_url())
        members = page.text.split('id="members"')[1].split("</section>")[0]
        assert "Lead region" in members and "Joining region" in members
    assert "was approved" in bob.get(reverse("dashboard")).text
