"""Records with history are archived, closed or rejected, never deleted, by the admin or the API."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.sites import site
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from accounts.models import ApiToken
from notifications.models import Follow, Notification, Preference
from portal.models import CalendarFeed
from regions.models import Priority, RegionPriority
from tests.accounts.factories import UserFactory
from tests.thematic_areas.factories import AreaFactory, AreaJoinRequestFactory
from thematic_areas.models import AreaJoinRequest, ThematicArea

pytestmark = pytest.mark.django_db

# A user's own inbox, settings, private calendar address and e-mail
# addresses, permission groups and the priority taxonomy (reference data,
# re-loaded from its source) carry no decisions: deleting them loses no history.
DELETABLE = {
    Notification,
    Preference,
    Follow,
    EmailAddress,
    Group,
    Priority,
    RegionPriority,
    CalendarFeed,
}


def _api_patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _api_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.callback


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def test_no_admin_deletes_a_record_with_history_even_for_a_superuser(superuser):
    request = type("Request", (), {"user": superuser})()
    deletable = {
        model
        for model, model_admin in site._registry.items()
        if model_admin.has_delete_permission(request)
    }

    assert deletable <= DELETABLE, sorted(m.__name__ for m in deletable - DELETABLE)


def test_no_api_route_maps_delete():
    routes = [
        (route, callback.actions)
        for route, callback in _api_patterns(get_resolver())
        if route.startswith("api/") and getattr(callback, "actions", None)
    ]

    assert len(routes) > 10  # the walk found the API
    assert [route for route, actions in routes if "delete" in actions] == []


def test_delete_on_the_api_is_refused_and_changes_nothing(superuser):
    area = AreaFactory()
    join_request = AreaJoinRequestFactory(area=area)
    _token, secret = ApiToken.issue(user=superuser, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")

    assert client.delete(f"/api/v1/thematic-areas/{area.slug}/").status_code == 405
    assert client.delete(f"/api/v1/area-join-requests/{join_request.pk}/").status_code == 405
    assert ThematicArea.objects.filter(pk=area.pk).exists()
    assert AreaJoinRequest.objects.filter(pk=join_request.pk).exists()
