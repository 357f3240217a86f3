from typing import TYPE_CHECKING, Any

from rest_framework import throttling
from rest_framework.settings import api_settings

if TYPE_CHECKING:
    # What the mixin is mixed into: it reads the throttle's `scope`.
    _Throttle = throttling.SimpleRateThrottle
else:
    _Throttle = object


class RatesFromSettingsMixin(_Throttle):
    # Set by the throttle mixed in (AnonRateThrottle's "anon", UserRateThrottle's "user").
    scope: str

    # DRF copies the rates into the class when it is imported, so a changed
    # setting (in a test, or a reloaded configuration) would go unseen.
    def get_rate(self) -> str | None:
        # djangorestframework-stubs type the rates as numbers; they are strings ("100/hour").
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]  # type: ignore[return-value]


class AnonThrottle(RatesFromSettingsMixin, throttling.AnonRateThrottle):
    pass


class UserThrottle(RatesFromSettingsMixin, throttling.UserRateThrottle):
    pass


class DownloadThrottle(RatesFromSettingsMixin, throttling.SimpleRateThrottle):
    """Downloads of whole tables, per user or else per address (`core.downloads`).

    The API's exports list it among their throttles; the list pages' CSV
    downloads ask it through `core.downloads.too_many_downloads`, so both
    count against one allowance.
    """

    scope = "exports"

    def get_cache_key(self, request: Any, view: Any) -> str:
        # A Django request on the pages, a DRF one on the API: both have
        # `user` and the META that `get_ident` reads.
        user = request.user
        ident = user.pk if user and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
