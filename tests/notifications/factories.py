import factory
from django.contrib.contenttypes.models import ContentType

from notifications.choices import Frequency, Kind
from notifications.models import Follow, Notification, Preference
from tests.accounts.factories import UserFactory
from tests.thematic_areas.factories import AreaFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = Kind.AREA_DECIDED
    message = "Your proposal was approved."
    dedupe_key = factory.Sequence(lambda n: f"test-{n}")


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preference

    user = factory.SubFactory(UserFactory)
    kind = Kind.JOIN_REQUEST_MADE
    frequency = Frequency.DAILY


class FollowFactory(factory.django.DjangoModelFactory):
    """A user following `target` (any saved model instance; a new area by default)."""

    class Meta:
        model = Follow

    class Params:
        target = factory.SubFactory(AreaFactory)

    user = factory.SubFactory(UserFactory)
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.LazyAttribute(lambda o: o.target.pk)
