from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render


@login_required
def home(request):
    """Each role's start page: what that person does first (see templates/home.html)."""
    return render(request, "home.html")


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
