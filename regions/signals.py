"""Signals of the regions app, for the apps built on it."""

from django.dispatch import Signal

# Sent after a load of the reference data wrote regions and priorities in
# bulk. bulk_create and bulk_update send no post_save, so an app that keeps
# figures computed from regions or priorities listens to this one too.
reference_data_loaded = Signal()
