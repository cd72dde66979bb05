from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    # The same page for unknown and not-visible objects, so existence does not leak.
    return render(request, "404.html", status=404)
