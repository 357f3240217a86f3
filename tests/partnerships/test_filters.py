import datetime

import pytest
from django.utils import timezone

from partnerships.filters import CallFilter, PartnershipFilter
from partnerships.models import Call, Partnership
from tests.partnerships.factories import CallFactory, PartnershipFactory
from tests.thematic_areas.factories import AreaFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def calls():
    today = timezone.localdate()
    return {
        "open": CallFactory(title="Open call"),
        "upcoming": CallFactory(
            title="Upcoming call", opens_on=today + DAY, closes_on=today + 30 * DAY
        ),
        "closed": CallFactory(
            title="Closed call", opens_on=today - 30 * DAY, closes_on=today - DAY
        ),
    }


def titles(data):
    filterset = CallFilter(data, Call.objects.all())
    assert filterset.is_valid(), filterset.errors
    return [call.title for call in filterset.qs]


@pytest.mark.parametrize("state", ["open", "upcoming", "closed"])
def test_call_filter_narrows_by_state(calls, state):
    assert titles({"state": state}) == [calls[state].title]


def test_call_filter_narrows_by_partnership_and_area_listing_each_call_once(calls):
    area = AreaFactory(slug="batteries")
    PartnershipFactory(area=area, call=calls["open"], slug="cells")
    PartnershipFactory(area=area, call=calls["open"])
    PartnershipFactory(call=calls["closed"])
    assert titles({"area": "batteries"}) == ["Open call"]
    assert titles({"partnership": "cells"}) == ["Open call"]


def test_partnership_filter_narrows_by_area_kind_call_state_and_search(calls):
    PartnershipFactory(name="Open one", area=AreaFactory(slug="batteries"), call=calls["open"])
    PartnershipFactory(name="Closed one", kind="escp_4i", call=calls["closed"])
    PartnershipFactory(name="No call", call=None, description="Space data for farming")

    def names(data):
        filterset = PartnershipFilter(data, Partnership.objects.all())
        assert filterset.is_valid(), filterset.errors
        return {p.name for p in filterset.qs}

    assert names({"area": "batteries"}) == {"Open one"}
    assert names({"kind": "escp_4i"}) == {"Closed one"}
    assert names({"call": "open"}) == {"Open one"}
    assert names({"call": "closed"}) == {"Closed one"}
    assert names({"call": "none"}) == {"No call"}
    assert names({"q": "farming"}) == {"No call"}


def test_a_proposals_slug_is_refused_exactly_like_one_that_does_not_exist():
    PartnershipFactory(area=AreaFactory(slug="secret-proposal", status="proposed"))
    secret = PartnershipFilter({"area": "secret-proposal"}, Partnership.objects.all())
    missing = PartnershipFilter({"area": "no-such-area"}, Partnership.objects.all())
    assert not secret.is_valid() and not missing.is_valid()
    assert str(secret.errors["area"]).replace("secret-proposal", "X") == str(
        missing.errors["area"]
    ).replace("no-such-area", "X")


@pytest.mark.parametrize(
    ("filterset_class", "data"),
    [
        (CallFilter, {"state": "tomorrow"}),
        (CallFilter, {"area": "not a slug!"}),
        (PartnershipFilter, {"kind": "other"}),
        (PartnershipFilter, {"call": "maybe"}),
        (PartnershipFilter, {"area": "a" * 300}),
        (PartnershipFilter, {"ordering": "coordinator__affiliations"}),
    ],
)
def test_bad_values_are_form_errors(filterset_class, data):
    filterset = filterset_class(data, filterset_class._meta.model.objects.all())
    assert not filterset.is_valid()
    assert set(filterset.errors) == set(data)
