from typing import Any

from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from stelsel.access.forms import LoginForm
from stelsel.access.gate import page
from stelsel.access.middleware import SESSION_STARTED_KEY
from stelsel.access.models import AccessLogEntry
from stelsel.access.rules import Action


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        assert form.device is not None
        login(request, form.user, backend="django.contrib.auth.backends.ModelBackend")
        otp_login(request, form.device)
        request.session.pop(SESSION_STARTED_KEY, None)
        next_url = request.GET.get("next", "")
        return redirect(next_url if next_url.startswith("/") and not next_url.startswith("//") else "/personen/")
    return render(request, "access/login.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("access:login")


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    form = LoginForm(request)
    message = "Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het later opnieuw."
    return render(request, "access/login.html", {"form": form, "locked_message": message}, status=429)


@page(Action.VIEW_ACCESS_LOG)
def access_log_view(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(AccessLogEntry.objects.all(), 50)
    return render(request, "access/access_log.html", {"page_obj": paginator.get_page(request.GET.get("pagina"))})
