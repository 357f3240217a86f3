"""What every API endpoint shares: pagination, throttles, errors, strict input, schema defaults.

The apps' `api` packages build on these; settings.REST_FRAMEWORK points here.
"""
