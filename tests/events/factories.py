import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from events.choices import Audience, DocumentKind, EventKind, RegistrationStatus
from events.models import Event, EventDocument, Meeting, Registration
from tests.accounts.factories import UserFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A workshop of the platform in Brussels, a month from now, open to all members."""

    class Meta:
        model = Event

    kind = EventKind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "Regions compare their plans."
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    time_zone = "Europe/Brussels"
    venue = "Rue de la Loi 170, Brussels"
    audience = Audience.MEMBERS


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    status = RegistrationStatus.CONFIRMED


class EventDocumentFactory(factory.django.DjangoModelFactory):
    """Published minutes, as text."""

    class Meta:
        model = EventDocument

    event = factory.SubFactory(EventFactory)
    kind = DocumentKind.MINUTES
    title = "Minutes"
    text = "The partners agreed on three pilot lines."


class MeetingFactory(factory.django.DjangoModelFactory):
    """A request for a bilateral meeting at a matchmaking event."""

    class Meta:
        model = Meeting

    event = factory.SubFactory(EventFactory, kind=EventKind.MATCHMAKING)
    requester = factory.SubFactory(UserFactory)
    invitee = factory.SubFactory(UserFactory)
    message = "Shall we talk about pilot lines?"
