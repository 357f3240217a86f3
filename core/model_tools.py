"""What the models of several apps declare alike: where a row is shown, optional links, the
moderators' hiding flag and the rows it leaves listed, and their constraints."""

from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar, overload

from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class OwnPage(models.Model):
    """A model whose rows each have a page: the URL named `page_url`, taking the row's
    `page_key` (its slug unless said otherwise)."""

    page_url: ClassVar[str]
    page_key: ClassVar[str] = "slug"

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(self.page_url, args=[getattr(self, self.page_key)])


class ShownOnPage(models.Model):
    """A model whose rows are shown on the page of the row their field `shown_on` links to,
    each at its anchor `<anchor>-<pk>`: a message in its conversation, say."""

    shown_on: ClassVar[str]
    anchor: ClassVar[str]

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return f"{getattr(self, self.shown_on).get_absolute_url()}#{self.anchor}-{self.pk}"


M = TypeVar("M", bound=models.Model)


@overload
def optional_link(
    to: type[M], *, related_name: str, verbose_name: "StrOrPromise | None" = None
) -> "models.ForeignKey[M | Combinable | None, M | None]": ...


@overload
def optional_link(
    to: str, *, related_name: str, verbose_name: "StrOrPromise | None" = None
) -> "models.ForeignKey[Any, Any]": ...


def optional_link(
    to: type[models.Model] | str, *, related_name: str, verbose_name: "StrOrPromise | None" = None
) -> "models.ForeignKey[Any, Any]":
    """A link that may be empty; while it is set, what it links to cannot be deleted (PROTECT):
    the platform keeps its records whole rather than losing who or what they name."""
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def hidden_by_moderator(help_text: "StrOrPromise") -> models.BooleanField:
    """The flag a moderator sets to hide a row (after a report, say); `help_text` tells what
    hiding does to that kind of row."""
    return models.BooleanField(_("hidden by a moderator"), default=False, help_text=help_text)


class HideableQuerySet(models.QuerySet):
    """Rows of a model whose `is_hidden` is its `hidden_by_moderator` flag."""

    def listed(self) -> Self:
        """The rows anyone may find: those no moderator hid."""
        return self.filter(is_hidden=False)


def exactly_one_of(first: str, second: str) -> Q:
    """Exactly one of the links `first` and `second` is set."""
    return Q(**{f"{first}__isnull": False, f"{second}__isnull": True}) | Q(
        **{f"{first}__isnull": True, f"{second}__isnull": False}
    )


def at_most_one_of(first: str, second: str) -> Q:
    """The links `first` and `second` are not both set."""
    return Q(**{f"{first}__isnull": True}) | Q(**{f"{second}__isnull": True})


def _named(name: str) -> str:
    # Named after the app and the model, so that a constraint an abstract base declares is
    # named apart for each of its models (Django fills the placeholders in).
    return f"%(app_label)s_%(class)s_{name}"


def unique_constraint(
    *fields: str, name: str, condition: Q | None = None
) -> models.UniqueConstraint:
    """No two rows (of those matching `condition`, if given) share their `fields`."""
    return models.UniqueConstraint(fields=list(fields), condition=condition, name=_named(name))


def check_constraint(
    condition: Q, *, name: str, message: "StrOrPromise | None" = None
) -> models.CheckConstraint:
    """Every row meets `condition`; `message` is the validation error of one that does not."""
    return models.CheckConstraint(
        condition=condition, name=_named(name), violation_error_message=message
    )
