from rest_framework import pagination

from core.counting import CountedPaginator


class Pagination(pagination.PageNumberPagination):
    django_paginator_class = CountedPaginator
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
