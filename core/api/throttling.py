from rest_framework import throttling
from rest_framework.settings import api_settings


class RatesFromSettingsMixin:
    # DRF copies the rates into the class when it is imported, so a changed
    # setting (in a test, or a reloaded configuration) would go unseen.
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonThrottle(RatesFromSettingsMixin, throttling.AnonRateThrottle):
    pass


class UserThrottle(RatesFromSettingsMixin, throttling.UserRateThrottle):
    pass
