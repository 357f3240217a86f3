"""The moderators: who they are (`moderators()`, `is_moderator`), and the permissions their
group holds after every migrate."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.management import call_command

from core import moderators
from core.moderators import MODERATORS_GROUP
from tests.accounts.factories import ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db


def group_codenames():
    group = Group.objects.get(name=MODERATORS_GROUP)
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_the_group_holds_what_the_apps_declare_and_nothing_else():
    codenames = group_codenames()

    assert ("regions", "change_affiliation") in codenames
    assert ("partnerships", "add_partnership") in codenames
    assert ("notifications", "view_notification") in codenames
    assert ("account", "view_emailaddress") in codenames
    assert not any(codename.startswith("delete_") for _app, codename in codenames)
    assert ("projects", "change_stagechange") not in codenames


def test_migrate_gives_an_existing_group_a_permission_it_lacks():
    group = Group.objects.get(name=MODERATORS_GROUP)
    lost = Permission.objects.get(content_type__app_label="regions", codename="change_cluster")
    group.permissions.remove(lost)
    extra = Permission.objects.get(content_type__app_label="regions", codename="delete_region")
    group.permissions.add(extra)

    call_command("migrate", verbosity=0)

    assert ("regions", "change_cluster") in group_codenames()
    assert ("regions", "delete_region") not in group_codenames()


def test_migrate_re_creates_a_deleted_group():
    Group.objects.filter(name=MODERATORS_GROUP).delete()

    call_command("migrate", verbosity=0)

    assert ("thematic_areas", "change_areajoinrequest") in group_codenames()


def test_moderators_are_never_granted_deletion():
    with pytest.raises(ValueError, match="delete"):
        moderators.grant("regions", ["region"], ["delete"])


def test_is_moderator_says_whether_the_user_is_one_of_the_moderators():
    personas = {
        "moderator": ModeratorFactory(),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "staff outside the group": UserFactory(is_staff=True),
        "in the group but not staff": ModeratorFactory(is_staff=False),
        "deactivated moderator": ModeratorFactory(is_active=False),
        "member": UserFactory(),
    }
    listed = set(moderators.moderators())

    for name, user in personas.items():
        assert moderators.is_moderator(user) == (user in listed), name
    assert {name for name, user in personas.items() if user in listed} == {"moderator", "superuser"}
    assert not moderators.is_moderator(AnonymousUser())
