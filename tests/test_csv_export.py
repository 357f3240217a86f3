"""The one CSV writer: every cell, headers too, safe to open in a spreadsheet."""

import csv
import io
from decimal import Decimal

from core.csv_export import csv_lines, csv_response


def test_the_writer_makes_header_and_cells_safe_and_keeps_numbers():
    lines = csv_lines(["=name", "amount"], [["=HYPERLINK(1)", Decimal("-2.50")], [None, 3]])

    assert list(csv.reader(io.StringIO("".join(lines)))) == [
        ["'=name", "amount"],
        ["'=HYPERLINK(1)", "-2.50"],
        ["", "3"],
    ]


def test_a_download_is_an_attachment_with_a_byte_order_mark_when_asked():
    plain = csv_response("projects.csv", ["title"], [["Île-de-France"]])
    marked = csv_response("regions.csv", ["title"], [["Île-de-France"]], bom=True)

    assert plain["Content-Disposition"] == 'attachment; filename="projects.csv"'
    assert plain.streaming
    assert plain.getvalue().decode("utf-8") == "title\r\nÎle-de-France\r\n"
    assert marked.getvalue().decode("utf-8") == "\ufefftitle\r\nÎle-de-France\r\n"
