"""CSV downloads of what a page shows, safe to open in a spreadsheet.

A cell starting with = + - @ (or a tab or carriage return) is read as a
formula by spreadsheet programs, so a project title like `=HYPERLINK(...)`
could run in a reader's spreadsheet. Such cells get a leading apostrophe,
as OWASP recommends; numbers are written as numbers.
"""

import csv
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
