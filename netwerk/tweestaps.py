"""Two-factor login (TOTP, django-otp) as a second step after the password: required for the
roles that decide on casework and money or manage other logins (coordinators, organisation
coordinators, who reset the passwords and two-factor of their trusted persons, and the committee),
optional for the others."""

import base64
from binascii import unhexlify
from urllib.parse import quote

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from netwerk.roles import Rol, has_role
from samenvooruit.views import local_next

SETUP_KEY = "tweestaps_sleutel"  # the key being set up lives in the session until confirmed
# Pages a user may reach before the second step: logging in or out, the language, the health check.
ALWAYS_OPEN = {"login", "logout", "set_language", "healthz"}


def tweestaps_verplicht(user) -> bool:
    return settings.TWEESTAPS_VERPLICHT and has_role(
        user, Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.FONDSCOMMISSIE
    )


def next_step(user) -> str | None:
    """The page a logged-in user must pass first: the code (set up) or the set-up (required)."""
    if not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user):
        return "tweestaps_controle"
    if tweestaps_verplicht(user):
        return "tweestaps"
    return None


class TweestapsMiddleware:
    """After OTPMiddleware: a session counts as logged in only after the second step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_name = request.resolver_match.view_name
        if view_name in ALWAYS_OPEN:
            return None
        step = next_step(request.user)
        if step is None or step == view_name:
            return None
        return redirect(f"{reverse(step)}?next={quote(request.get_full_path())}")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code uit de app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Vul de zes cijfers uit de app in."))
        self.result = self.check(code)
        if not self.result:
            raise forms.ValidationError(_("Deze code klopt niet of is verlopen. Probeer opnieuw."))
        return code


def _next_url(request):
    return local_next(request, reverse("home"))


def _qr_data_uri(text):
    svg = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage).to_string()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _check_new_key(key):
    """Check a code against the key being set up; returns the time step it matched, or None."""

    def check(code):
        totp = TOTP(unhexlify(key))
        return totp.t() if totp.verify(int(code), tolerance=1) else None

    return check


@login_required
def tweestaps(request):
    """Set up two-factor with a QR code and a first code; when set up, offer to switch it off."""
    if user_has_device(request.user):
        context = {"verplicht": tweestaps_verplicht(request.user), "form": CodeForm(check=None)}
        return render(request, "registration/tweestaps.html", context)
    key = request.session.setdefault(SETUP_KEY, random_hex(20))
    form = CodeForm(request.POST or None, check=_check_new_key(key))
    if request.method == "POST" and form.is_valid():
        device = TOTPDevice.objects.create(
            user=request.user, name=_("Authenticator-app"), key=key, last_t=form.result
        )
        del request.session[SETUP_KEY]
        otp_login(request, device)
        messages.success(request, _("Tweestapsverificatie staat aan."))
        return redirect(_next_url(request))
    device = TOTPDevice(user=request.user, key=key)
    context = {
        "form": form,
        "qr": _qr_data_uri(device.config_url),
        "sleutel": base64.b32encode(device.bin_key).decode(),
        "verplicht": tweestaps_verplicht(request.user),
        "next": _next_url(request),
    }
    return render(request, "registration/tweestaps.html", context)


@login_required
def tweestaps_controle(request):
    """The second step after the password: a code from the app marks the session verified."""
    form = CodeForm(request.POST or None, check=lambda code: match_token(request.user, code))
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.result)
        return redirect(_next_url(request))
    return render(
        request, "registration/tweestaps_controle.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_POST
def tweestaps_uitzetten(request):
    """Switch two-factor off: needs a current code, and is refused where it is required."""
    if tweestaps_verplicht(request.user):
        messages.error(request, _("Voor uw rol is tweestapsverificatie verplicht."))
        return redirect("tweestaps")
    form = CodeForm(request.POST, check=lambda code: match_token(request.user, code))
    if not form.is_valid():
        context = {"form": form, "verplicht": False}
        return render(request, "registration/tweestaps.html", context, status=200)
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    messages.success(request, _("Tweestapsverificatie staat uit."))
    return redirect("tweestaps")
