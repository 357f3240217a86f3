"""The investment pipeline dashboard: its page, a CSV per table and the figures as JSON."""

from django.http import Http404, JsonResponse
from django.shortcuts import render

from core.cache import cache_for_visitors
from core.csv_export import csv_response
from core.demo_switch import includes_demo
from core.downloads import too_many_downloads

from .maps import projects_map
from .pipeline import chart, pipeline_data, pipeline_figures

# Tables by area have a row per area, hundreds at EU scale: the page shows
# the largest, the CSV and the JSON every row.
PAGE_ROWS = 25


@cache_for_visitors
def pipeline(request):
    with_demo = includes_demo(request)
    figures = pipeline_figures(with_demo)
    tables = []
    for table in figures["tables"]:
        shown = table.largest(PAGE_ROWS)
        tables.append(
            {
                "table": shown,
                "chart": chart(shown),
                "all_rows": len(table.rows),
                # Each cell with its column's name, which phones show beside it.
                "cells": [list(zip(shown.columns, row, strict=True)) for row in shown.rows],
            }
        )
    context = {
        "tables": tables,
        "headline": figures["headline"],
        "region_map": projects_map(with_demo),
        "with_demo": with_demo,
    }
    return render(request, "portal/pipeline.html", context)


@cache_for_visitors
def pipeline_csv(request, key):
    for table in pipeline_figures(includes_demo(request))["tables"]:
        if table.key == key:
            return too_many_downloads(request) or csv_response(
                f"pipeline-{key}.csv", table.columns, table.rows
            )
    raise Http404


@cache_for_visitors
def pipeline_json(request):
    """The dashboard's figures for scripts; money as strings, exact to the cent."""
    return JsonResponse(pipeline_data(includes_demo(request)))
