"""The one CSV writer: page downloads, the pipeline's tables and the API's open-data exports.

A cell starting with = + - @ (or a tab or carriage return) is read as a
formula by spreadsheet programs, so a project title like `=HYPERLINK(...)`
could run in a reader's spreadsheet. Such cells get a leading apostrophe,
as OWASP recommends; numbers are written as numbers.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """`value` as a spreadsheet reads it as data: numbers as they are, text never a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def write_csv(out: Writable, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> None:
    """Write `header` and then `rows` to `out` (a file, a response), every cell made safe."""
    writer = csv.writer(out)
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)


def csv_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]], *, bom: bool = False
) -> HttpResponse:
    """A CSV download named `filename`.

    `bom` starts it with a byte-order mark, which spreadsheet programs need
    to read the accents right (the list pages' exports have one).
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if bom:
        response.write("\ufeff")
    write_csv(response, header, rows)
    return response
