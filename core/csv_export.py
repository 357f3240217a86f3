"""The one CSV writer: page downloads, the pipeline's tables and the API's open-data exports.

A cell starting with = + - @ (or a tab or carriage return) is read as a
formula by spreadsheet programs, so a project title like `=HYPERLINK(...)`
could run in a reader's spreadsheet. Such cells get a leading apostrophe,
as OWASP recommends; numbers are written as numbers.

Downloads are streamed (`core.downloads`): rows are written as they are read.
"""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import chain
from typing import Any

from django.http import StreamingHttpResponse

from core.downloads import download, in_chunks

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Line:
    """A file for csv.writer that hands back each row it is given."""

    def write(self, text: str) -> str:
        return text


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


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """`header`, then `rows`, as CSV lines, every cell made safe."""
    writer = csv.writer(_Line())
    yield writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow([safe_cell(cell) for cell in row])


def csv_response(
    filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]], *, bom: bool = False
) -> StreamingHttpResponse:
    """A CSV download named `filename`, streamed as `rows` are read.

    `bom` starts it with a byte-order mark, which spreadsheet programs need
    to read the accents right (the list pages' exports have one).
    """
    lines = csv_lines(header, rows)
    return download(filename, "text/csv", in_chunks(chain(["\ufeff"] if bom else [], lines)))
