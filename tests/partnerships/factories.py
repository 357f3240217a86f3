import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from partnerships.choices import PartnershipKind, PartnershipRole
from partnerships.models import (
    Call,
    Partnership,
    PartnershipJoinRequest,
    PartnershipMembership,
    PartnershipProposal,
    ProposalInvitation,
)
from tests.accounts.factories import UserFactory
from tests.regions.factories import ClusterFactory
from tests.thematic_areas.factories import AreaFactory


class CallFactory(factory.django.DjangoModelFactory):
    """A call open today unless told otherwise."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Call {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    opens_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = PartnershipKind.ESCP_S3
    coordinator = factory.SubFactory(ClusterFactory)
    call = factory.SubFactory(CallFactory)

    @factory.post_generation
    def coordinator_membership(self, create, extracted, **kwargs):
        if create and self.coordinator_id:
            PartnershipMembership.objects.create(
                partnership=self, cluster=self.coordinator, role=PartnershipRole.COORDINATOR
            )


class PartnershipJoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipJoinRequest

    partnership = factory.SubFactory(PartnershipFactory)
    cluster = factory.SubFactory(ClusterFactory)
    statement = "We bring 40 SMEs."
    requested_by = factory.SubFactory(UserFactory)


class PartnershipMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMembership

    partnership = factory.SubFactory(PartnershipFactory)
    cluster = factory.SubFactory(ClusterFactory)
    role = PartnershipRole.MEMBER


class ProposalFactory(factory.django.DjangoModelFactory):
    """A partnership proposed by a cluster during an open call, waiting for a moderator."""

    class Meta:
        model = PartnershipProposal

    area = factory.SubFactory(AreaFactory)
    call = factory.SubFactory(CallFactory)
    proposing_cluster = factory.SubFactory(ClusterFactory)
    proposed_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Proposed partnership {n}")
    kind = PartnershipKind.THEMATIC
    objectives = "Pool our test beds."


class ProposalInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProposalInvitation

    proposal = factory.SubFactory(ProposalFactory)
    cluster = factory.SubFactory(ClusterFactory)
