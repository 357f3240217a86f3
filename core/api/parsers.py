"""The API's JSON parser: a body the services could not take is a 400 before anything reads it.

Two shapes of JSON that json.loads accepts would otherwise reach the code as
errors of another kind: nesting deep enough to exhaust Python's recursion
(a 2 KB body of brackets), and strings holding a NUL character, which
PostgreSQL cannot store and which are never meant (a slug, a NUTS code).
"""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request body of the API nests deeper than a few levels.
MAX_DEPTH = 20


class StrictJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("The JSON is nested too deeply.")) from None
        _check(data, depth=0, path="")
        return data


def _check(value: Any, *, depth: int, path: str) -> None:
    if depth > MAX_DEPTH:
        raise ParseError(_("The JSON is nested too deeply."))
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(
                _("%(where)s holds a NUL character.") % {"where": path or _("The body")}
            )
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth=depth + 1, path=path)
            _check(item, depth=depth + 1, path=f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, depth=depth + 1, path=f"{path}[{index}]")
