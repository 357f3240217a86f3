"""Property-based tests of the join-request workflows (hypothesis.stateful).

Any sequence of requests, approvals, rejections, withdrawals and departures,
by any mix of users (the right representative, another region's, a lead, a
moderator, an outsider), must keep the invariants:

- at most one pending request per (applicant, target);
- a current membership exists exactly when the last successful decision was
  an approval and the applicant has not left since;
- decided requests carry decided_at and decided_by, pending ones neither;
- each action succeeds exactly when the rules say it may.

The machine keeps its own model of who is a member and which request is
pending, predicts each action's outcome from it, and compares with the
database after every step. Each example runs inside a savepoint that is
rolled back at its end, so examples do not see each other's rows.
"""

import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from core.workflow import RequestStatus
from partnerships import services as partnership_services
from partnerships.models import PartnershipJoinRequest, PartnershipMembership
from tests.accounts.factories import ModeratorFactory, UserFactory
from tests.partnerships.factories import PartnershipFactory
from tests.regions.factories import ClusterFactory, RegionFactory, representative_of
from tests.thematic_areas.factories import AreaFactory
from thematic_areas import services as area_services
from thematic_areas.models import AreaJoinRequest, AreaMembership

pytestmark = pytest.mark.django_db

# Bounded so the suite stays fast; derandomised in CI so a failure there is
# reproducible, and no example database is written into the working tree.
MACHINE_SETTINGS = settings(
    max_examples=int(os.environ.get("S3P_HYPOTHESIS_EXAMPLES", "20")),
    stateful_step_count=30,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

APPLICANTS = 3
# Who acts: a representative of applicant 0..2, a lead, a moderator, an outsider.
ACTORS = [*range(APPLICANTS), "lead", "moderator", "outsider"]
REFUSALS = (ValidationError, PermissionDenied)


@pytest.fixture(autouse=True)
def _no_daily_limits(settings):
    # A long sequence of requests by one user would hit the abuse limit,
    # which has tests of its own.
    settings.S3P_DAILY_LIMITS = {"proposals": None, "join_requests": None}


class SavepointMachine(RuleBasedStateMachine):
    """Runs each example in a savepoint rolled back at teardown."""

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def attempt(self, call, *, allowed):
        """Run a service call; it must succeed exactly when `allowed`. Return its result or None."""
        try:
            result = call()
        except REFUSALS as refusal:
            assert not allowed, f"refused although allowed: {refusal}"
            return None
        assert allowed, "allowed although the rules refuse it"
        return result


class AreaJoinMachine(SavepointMachine):
    @initialize()
    def build(self):
        lead = RegionFactory()
        self.area = AreaFactory(lead=lead, proposing_region=lead)
        self.regions = [RegionFactory() for _ in range(APPLICANTS)]
        self.users = {n: representative_of(region) for n, region in enumerate(self.regions)}
        self.users.update(
            lead=representative_of(lead), moderator=ModeratorFactory(), outsider=UserFactory()
        )
        self.members = set()  # applicant indexes with a current membership
        self.pending = {}  # applicant index -> pending request id
        self.closed = []  # decided or withdrawn request ids

    def deciders(self):
        return {"lead", "moderator"}

    @rule(applicant=st.integers(0, APPLICANTS - 1), actor=st.sampled_from(ACTORS))
    def request(self, applicant, actor):
        allowed = (
            actor == applicant and applicant not in self.members and applicant not in self.pending
        )
        made = self.attempt(
            lambda: area_services.request_to_join_area(
                user=self.users[actor],
                region=self.regions[applicant],
                area=self.area,
                statement="We commit.",
            ),
            allowed=allowed,
        )
        if made:
            self.pending[applicant] = made.pk

    def _decide(self, pick, actor, service, **kwargs):
        applicant = sorted(self.pending)[pick % len(self.pending)]
        request_id = self.pending[applicant]
        decided = self.attempt(
            lambda: service(request_id=request_id, user=self.users[actor], **kwargs),
            allowed=actor in self.deciders(),
        )
        if decided:
            del self.pending[applicant]
            self.closed.append(request_id)
        return applicant if decided else None

    @precondition(lambda self: self.pending)
    @rule(pick=st.integers(0, APPLICANTS - 1), actor=st.sampled_from(ACTORS))
    def approve(self, pick, actor):
        applicant = self._decide(pick, actor, area_services.approve_area_join_request)
        if applicant is not None:
            self.members.add(applicant)

    @precondition(lambda self: self.pending)
    @rule(pick=st.integers(0, APPLICANTS - 1), actor=st.sampled_from(ACTORS))
    def reject(self, pick, actor):
        self._decide(pick, actor, area_services.reject_area_join_request, reason="No.")

    @precondition(lambda self: self.closed)
    @rule(
        pick=st.integers(0, 100),
        actor=st.sampled_from(["lead", "moderator"]),
        approve=st.booleans(),
    )
    def decide_again(self, pick, actor, approve):
        request_id = self.closed[pick % len(self.closed)]
        self.attempt(
            lambda: (
                area_services.approve_area_join_request(
                    request_id=request_id, user=self.users[actor]
                )
                if approve
                else area_services.reject_area_join_request(
                    request_id=request_id, user=self.users[actor], reason="No."
                )
            ),
            allowed=False,
        )

    @precondition(lambda self: self.pending)
    @rule(pick=st.integers(0, APPLICANTS - 1), actor=st.sampled_from(ACTORS))
    def withdraw(self, pick, actor):
        applicant = sorted(self.pending)[pick % len(self.pending)]
        request_id = self.pending[applicant]
        withdrawn = self.attempt(
            lambda: area_services.withdraw_area_join_request(
                request_id=request_id, user=self.users[actor]
            ),
            allowed=actor == applicant,
        )
        if withdrawn:
            del self.pending[applicant]
            self.closed.append(request_id)

    @rule(applicant=st.integers(0, APPLICANTS - 1), actor=st.sampled_from(ACTORS))
    def leave(self, applicant, actor):
        allowed = applicant in self.members and actor in (applicant, "moderator")
        left = self.attempt(
            lambda: area_services.leave_area(
                user=self.users[actor], area=self.area, region=self.regions[applicant]
            ),
            allowed=allowed,
        )
        if left:
            self.members.discard(applicant)

    @rule(actor=st.sampled_from(["lead", "moderator"]))
    def last_lead_tries_to_leave(self, actor):
        self.attempt(
            lambda: area_services.leave_area(
                user=self.users[actor], area=self.area, region=self.area.proposing_region
            ),
            allowed=False,
        )

    @invariant()
    def at_most_one_pending_request_per_region(self):
        pending = AreaJoinRequest.objects.filter(area=self.area, status=RequestStatus.PENDING)
        regions = list(pending.values_list("region", flat=True))
        assert len(regions) == len(set(regions))
        assert set(pending.values_list("pk", flat=True)) == set(self.pending.values())

    @invariant()
    def members_are_exactly_the_approved_who_have_not_left(self):
        current = AreaMembership.objects.filter(area=self.area, left_at__isnull=True)
        expected = {self.regions[n].pk for n in self.members} | {self.area.proposing_region_id}
        regions = list(current.values_list("region", flat=True))
        assert len(regions) == len(set(regions))
        assert set(regions) == expected
        for membership in current.exclude(region=self.area.proposing_region):
            last = (
                AreaJoinRequest.objects.filter(area=self.area, region=membership.region_id)
                .exclude(status=RequestStatus.PENDING)
                .exclude(status=RequestStatus.WITHDRAWN)
                .latest("decided_at", "pk")
            )
            assert last.status == RequestStatus.APPROVED
            assert last.decided_at <= membership.joined_at
            assert membership.approved_by_id == last.decided_by_id

    @invariant()
    def decided_requests_say_who_and_when(self):
        requests = AreaJoinRequest.objects.filter(area=self.area)
        assert not requests.filter(status=RequestStatus.PENDING, decided_at__isnull=False).exists()
        decided = requests.exclude(status=RequestStatus.PENDING)
        assert not decided.filter(decided_at__isnull=True).exists()
        assert not decided.filter(decided_by__isnull=True).exists()


class PartnershipJoinMachine(SavepointMachine):
    """The same workflow for clusters and a partnership, with a call that opens and closes."""

    @initialize()
    def build(self):
        lead = RegionFactory()
        area = AreaFactory(lead=lead, proposing_region=lead)
        self.partnership = PartnershipFactory(area=area)
        self.clusters = [ClusterFactory() for _ in range(APPLICANTS)]
        self.users = {n: representative_of(cluster) for n, cluster in enumerate(self.clusters)}
        self.users.update(
            lead=representative_of(lead),
            coordinator=representative_of(self.partnership.coordinator),
            moderator=ModeratorFactory(),
            outsider=UserFactory(),
        )
        self.call_open = True
        self.members = set()
        self.pending = {}

    @rule(open_=st.booleans())
    def move_the_call(self, open_):
        today = timezone.localdate()
        call = self.partnership.call
        call.closes_on = today + datetime.timedelta(days=5 if open_ else -1)
        call.save(update_fields=["closes_on"])
        self.call_open = open_

    @rule(
        applicant=st.integers(0, APPLICANTS - 1),
        actor=st.sampled_from([*range(APPLICANTS), "coordinator", "outsider"]),
    )
    def request(self, applicant, actor):
        allowed = (
            self.call_open
            and actor == applicant
            and applicant not in self.members
            and applicant not in self.pending
        )
        made = self.attempt(
            lambda: partnership_services.request_to_join_partnership(
                user=self.users[actor],
                cluster=self.clusters[applicant],
                partnership=self.partnership,
                statement="We bring SMEs.",
            ),
            allowed=allowed,
        )
        if made:
            self.pending[applicant] = made.pk

    @precondition(lambda self: self.pending)
    @rule(
        pick=st.integers(0, APPLICANTS - 1),
        actor=st.sampled_from([*range(APPLICANTS), "lead", "coordinator", "moderator", "outsider"]),
        approve=st.booleans(),
    )
    def decide(self, pick, actor, approve):
        applicant = sorted(self.pending)[pick % len(self.pending)]
        request_id = self.pending[applicant]
        if approve:
            service = partnership_services.approve_partnership_join_request
            kwargs = {}
        else:
            service = partnership_services.reject_partnership_join_request
            kwargs = {"reason": "Full."}
        decided = self.attempt(
            lambda: service(request_id=request_id, user=self.users[actor], **kwargs),
            allowed=actor in ("lead", "coordinator", "moderator"),
        )
        if decided:
            del self.pending[applicant]
            if approve:
                self.members.add(applicant)

    @precondition(lambda self: self.pending)
    @rule(pick=st.integers(0, APPLICANTS - 1), actor=st.sampled_from([*range(APPLICANTS)]))
    def withdraw(self, pick, actor):
        applicant = sorted(self.pending)[pick % len(self.pending)]
        request_id = self.pending[applicant]
        withdrawn = self.attempt(
            lambda: partnership_services.withdraw_partnership_join_request(
                request_id=request_id, user=self.users[actor]
            ),
            allowed=actor == applicant,
        )
        if withdrawn:
            del self.pending[applicant]

    @rule(applicant=st.integers(0, APPLICANTS - 1), actor=st.sampled_from([*range(APPLICANTS)]))
    def leave(self, applicant, actor):
        left = self.attempt(
            lambda: partnership_services.leave_partnership(
                user=self.users[actor],
                partnership=self.partnership,
                cluster=self.clusters[applicant],
            ),
            allowed=applicant in self.members and actor == applicant,
        )
        if left:
            self.members.discard(applicant)

    @invariant()
    def at_most_one_pending_request_per_cluster(self):
        pending = PartnershipJoinRequest.objects.filter(
            partnership=self.partnership, status=RequestStatus.PENDING
        )
        clusters = list(pending.values_list("cluster", flat=True))
        assert len(clusters) == len(set(clusters))
        assert set(pending.values_list("pk", flat=True)) == set(self.pending.values())

    @invariant()
    def members_are_exactly_the_approved_who_have_not_left(self):
        current = PartnershipMembership.objects.filter(
            partnership=self.partnership, left_at__isnull=True
        )
        expected = {self.clusters[n].pk for n in self.members} | {self.partnership.coordinator_id}
        clusters = list(current.values_list("cluster", flat=True))
        assert len(clusters) == len(set(clusters))
        assert set(clusters) == expected

    @invariant()
    def decided_requests_say_who_and_when(self):
        decided = PartnershipJoinRequest.objects.filter(partnership=self.partnership).exclude(
            status=RequestStatus.PENDING
        )
        assert not decided.filter(decided_at__isnull=True).exists()
        assert not decided.filter(decided_by__isnull=True).exists()


def test_any_sequence_of_area_join_actions_keeps_the_invariants():
    run_state_machine_as_test(AreaJoinMachine, settings=MACHINE_SETTINGS)


def test_any_sequence_of_partnership_join_actions_keeps_the_invariants():
    run_state_machine_as_test(PartnershipJoinMachine, settings=MACHINE_SETTINGS)
