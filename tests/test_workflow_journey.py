"""One journey through the pages: sign up, represent a region, propose an area, join it.

The moderator's steps go through the Django admin, as moderators work:
logging in on the admin's page and running its actions.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from regions.choices import AffiliationStatus
from regions.models import Affiliation
from tests.accounts.factories import PASSWORD
from tests.regions.factories import RegionFactory
from thematic_areas.choices import AreaStatus
from thematic_areas.models import AreaJoinRequest, ThematicArea

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+")


def sign_up(email, mailoutbox):
    """Register through allauth, open the e-mailed link and confirm it, then log in."""
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {"email": email, "display_name": "Ana Costa", "password1": PASSWORD, "password2": PASSWORD},
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


def admin_log_in(moderator):
    client = Client()
    response = client.post(
        reverse("admin:login"),
        {"username": moderator.email, "password": PASSWORD, "next": reverse("admin:index")},
    )
    assert response.status_code == 302 and response.url == reverse("admin:index")
    return client


def run_admin_action(client, model, action, obj):
    """Tick one row on the changelist and run an action, as the action bar does."""
    changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    page = client.get(changelist)
    assert f'value="{action}"' in page.text, f"{action} is not offered on {changelist}"
    assert f'name="_selected_action" value="{obj.pk}"' in page.text
    response = client.post(
        changelist, {"action": action, "_selected_action": [obj.pk], "index": 0}, follow=True
    )
    return [str(message) for message in response.context["messages"]]


def test_two_regions_meet_in_a_new_thematic_area_through_the_pages(
    mailoutbox, moderator, django_capture_on_commit_callbacks
):
    lead_region = RegionFactory(code="XA1A", name="Lead region")
    joining_region = RegionFactory(code="XA2A", name="Joining region")

    ana = sign_up("ana@lead.example.eu", mailoutbox)
    assert "Ask to represent a region or a cluster" in ana.get(reverse("dashboard")).text
    affiliation = ask_to_represent(ana, "xa1a")
    admin = admin_log_in(moderator)
    verified = run_admin_action(admin, Affiliation, "verify_affiliations", affiliation)
    assert any("now represents" in message for message in verified)
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.VERIFIED
    assert affiliation.decided_by == moderator

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
    run_admin_action(admin, ThematicArea, "approve_proposals", area)
    area.refresh_from_db()
    assert area.status == AreaStatus.ACTIVE and area.decided_by == moderator

    bob = sign_up("bob@joining.example.eu", mailoutbox)
    run_admin_action(admin, Affiliation, "verify_affiliations", ask_to_represent(bob, "XA2A"))
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
