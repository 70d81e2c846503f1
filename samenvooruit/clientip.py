"""The client address that django-axes locks out on (AXES_CLIENT_IP_CALLABLE)."""

from django.conf import settings


def client_ip(request):
    """The address axes locks out on: REMOTE_ADDR, or behind VERTROUWDE_PROXIES reverse proxies
    the address the outermost of them saw (each proxy appends to X-Forwarded-For)."""
    count = settings.VERTROUWDE_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if count and len(forwarded) >= count and forwarded[-count]:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
