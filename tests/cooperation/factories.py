import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from cooperation.choices import Direction, PostingKind
from cooperation.models import BoardPost, BoardTopic, Conversation, Interest, Message, Posting
from tests.accounts.factories import UserFactory
from tests.regions.factories import ClusterFactory, RegionFactory
from tests.thematic_areas.factories import AreaFactory


class PostingFactory(factory.django.DjangoModelFactory):
    """A cluster's open request for a facility, closing in a month."""

    class Meta:
        model = Posting
        skip_postgeneration_save = True

    direction = Direction.SEEK
    kind = PostingKind.FACILITY
    title = factory.Sequence(lambda n: f"Pilot line wanted {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    description = "We seek a pilot line for metal additive manufacturing."
    region = None
    cluster = factory.SubFactory(ClusterFactory)
    closes_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def priorities(self, create, extracted, **kwargs):
        if create and extracted:
            self.priorities.set(extracted)


class InterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interest

    posting = factory.SubFactory(PostingFactory)
    region = factory.SubFactory(RegionFactory)
    cluster = None
    message = "We run a 3D-printing centre and have free capacity."
    created_by = factory.SubFactory(UserFactory)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    subject = factory.Sequence(lambda n: f"Cooperation {n}")
    first_region = factory.SubFactory(RegionFactory)
    second_cluster = factory.SubFactory(ClusterFactory)
    started_by = factory.SubFactory(UserFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    author = factory.SubFactory(UserFactory)
    body = "Could we meet next week? See https://example.eu/agenda"


class BoardTopicFactory(factory.django.DjangoModelFactory):
    """A topic of an area's board (pass partnership=… and area=None for a partnership's)."""

    class Meta:
        model = BoardTopic

    area = factory.SubFactory(AreaFactory)
    partnership = None
    title = factory.Sequence(lambda n: f"Shared pilot lines {n}")
    author = factory.SubFactory(UserFactory)


class BoardPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoardPost

    topic = factory.SubFactory(BoardTopicFactory)
    author = factory.SubFactory(UserFactory)
    body = "Who has spare capacity in March? See https://example.eu/pilots"
