"""Asking one question of many personas at once, for the tests of who may do what."""

from django.urls import reverse

from notifications.models import Notification
from tests.page_helpers import client_for


def who(personas, question):
    """The names of the personas (name → user) for whom `question(user)` is true."""
    return {name for name, user in personas.items() if question(user)}


def signed_in(personas):
    return {name: user for name, user in personas.items() if user.is_authenticated}


def offered_on_the_dashboard(url):
    """The question "does the user's dashboard link to `url`?", for `who`."""
    return lambda user: url in client_for(user).get(reverse("dashboard")).content.decode()


def among(obj, queryset_of):
    """The question "is `obj` in `queryset_of(user)`?", for `who`."""
    return lambda user: obj in queryset_of(user)


def notified_of(subject, kind):
    """The users told of `subject` by a notification of `kind`."""
    notifications = Notification.objects.filter(kind=kind, subject_id=subject.pk)
    return {notification.recipient for notification in notifications}
