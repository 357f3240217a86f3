"""What a domain app registers with the kernel, declared on its `AppConfig`.

Every domain app tells the kernel the same things when Django is ready: whether
writes to its tables move the content version, what the global search finds,
which open-data exports it serves and what moderators may do with its models.
`DomainAppConfig.ready()` makes those registrations from class attributes, so
an app declares them as a table and the calls are written once.

An app subclasses it through the module (`app_config.DomainAppConfig`): Django takes
as an app's config the one `AppConfig` subclass that its `apps.py` holds as a name,
and an imported base would be a second one.
"""

from collections.abc import Mapping, Sequence
from typing import ClassVar

from django.apps import AppConfig
from django.utils.module_loading import import_string

# The actions of `core.moderators.grant`, from reading a model to creating its rows.
VIEW = ("view",)
EDIT = ("view", "change")
MANAGE = ("add", "view", "change")


class DomainAppConfig(AppConfig):
    """An app's registrations with the kernel, made in `ready()` from its class attributes.

    - `watched`: writes to the app's tables move the content version (`core.cache.watch_app`);
    - `searchables`: its kinds of the global search (`core.searchable.register`);
    - `exports`: its open-data export views (`core.api.exports.register`);
    - `grants`: for each set of actions (`VIEW`, `EDIT`, `MANAGE`), the models of the app
      on which moderators may take them (`core.moderators.grant`).

    Searchables and exports are named by dotted path: their modules import the app's
    models, which are not loaded yet when the app's config is defined. Each registry
    keeps the order of the paths. What the kernel cannot know of (what can be followed,
    the signals of other apps) stays in an override of `ready()` that calls this one.
    """

    watched: ClassVar[bool] = False
    searchables: ClassVar[Sequence[str]] = ()
    exports: ClassVar[Sequence[str]] = ()
    grants: ClassVar[Mapping[tuple[str, ...], Sequence[str]]] = {}

    def ready(self) -> None:
        from core import cache, moderators

        if self.watched:
            cache.watch_app(self)
        _register_each(self.searchables, "core.searchable.register")
        _register_each(self.exports, "core.api.exports.register")
        for actions, models in self.grants.items():
            moderators.grant(self.label, models, actions)


def _register_each(paths: Sequence[str], registry: str) -> None:
    """Hand the object at each of `paths` to the function at `registry`, in their order.

    Each object is imported before the registry: `core.api.exports` imported first
    would load DRF through drf-spectacular, whose views read the filter backends of
    the settings while `rest_framework.generics` is still half loaded. An export's
    own module loads DRF in an order that works.
    """
    for path in paths:
        item = import_string(path)
        import_string(registry)(item)
