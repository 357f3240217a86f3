import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import ApiToken, User
from core.moderators import MODERATORS_GROUP

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.eu")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a verified e-mail unless built with verified=False."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class ModeratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def moderators_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=MODERATORS_GROUP))


def api_token(user=None, name="Integration"):
    """An issued API token (the secret is thrown away)."""
    token, _secret = ApiToken.issue(user=user or UserFactory(), name=name)
    return token
