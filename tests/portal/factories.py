import factory
from django.contrib.contenttypes.models import ContentType

from portal.calendar_feeds import issue_feed
from portal.models import Report, ReportReason
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory


class ReportFactory(factory.django.DjangoModelFactory):
    """An open report of a published project."""

    class Meta:
        model = Report
        exclude = ["record"]

    record = factory.SubFactory(ProjectFactory, status="published")
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.record))
    object_id = factory.LazyAttribute(lambda o: o.record.pk)
    content_title = factory.LazyAttribute(lambda o: o.record.title)
    reporter = factory.SubFactory(UserFactory)
    reason = ReportReason.SPAM


def calendar_feed(user=None):
    """A user's private calendar address (its secret is thrown away)."""
    user = user or UserFactory()
    issue_feed(user)
    return user.calendar_feed
