from django import forms

from .choices import Frequency, Kind


class PreferencesForm(forms.Form):
    """One e-mail frequency per kind of notification; the portal always lists them all."""

    def __init__(self, *args, frequencies, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label, choices=Frequency.choices, initial=frequencies[kind.value]
            )
