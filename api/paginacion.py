"""Paginación de la API: 50 por página (como las páginas), hasta 200 con ?por_pagina=."""
from rest_framework.pagination import PageNumberPagination


class Paginacion(PageNumberPagination):
    page_size = 50
    page_query_param = "pagina"
    page_size_query_param = "por_pagina"
    max_page_size = 200
    invalid_page_message = "Página inválida: {message}"
