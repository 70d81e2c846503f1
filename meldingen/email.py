"""The e-mail about new notices: one per user, plain text and HTML from templates, in the
recipient's language. It holds counts, references (HH-2021-0042, NF-2021-0003) and links only:
never a name, address, phone number or description of a household, nor a notice's `tekst`
(e-mail is no safe channel: docs/PRIVACY.md). The links lead through the inbox
(`meldingen:open`), which checks again that the recipient may see the record."""

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from meldingen.models import Melding

# References listed per kind; the rest is counted ("en nog 12"), the inbox has them all.
MAX_PER_SOORT = 10


def maak_bericht(user, meldingen: list[Melding], *, verbinding=None) -> EmailMultiAlternatives:
    """The e-mail to `user` about `meldingen` (each annotated with `taal`, the recipient's
    language; settings.LANGUAGE_CODE when it is not one of settings.LANGUAGES)."""
    taal = getattr(meldingen[0], "taal", None)
    if taal not in dict(settings.LANGUAGES):
        taal = settings.LANGUAGE_CODE
    with translation.override(taal):
        context = _context(meldingen)
        onderwerp = ngettext(
            "Samen Vooruit: %(aantal)d nieuwe melding",
            "Samen Vooruit: %(aantal)d nieuwe meldingen",
            len(meldingen),
        ) % {"aantal": len(meldingen)}
        tekst = render_to_string("meldingen/email/meldingen.txt", context)
        html = render_to_string("meldingen/email/meldingen.html", context)
    bericht = EmailMultiAlternatives(
        onderwerp,
        tekst,
        to=[user.email],
        connection=verbinding,
        headers={"Auto-Submitted": "auto-generated"},
    )
    bericht.attach_alternative(html, "text/html")
    return bericht


def absolute_url(pad: str) -> str:
    """`pad` on the site's address (settings.SITE_URL): an e-mail has no request to ask."""
    return settings.SITE_URL.rstrip("/") + pad


def _context(meldingen: list[Melding]) -> dict:
    per_soort = defaultdict(list)
    for melding in meldingen:
        per_soort[melding.soort].append(melding)
    groepen = [
        {
            "label": lijst[0].get_soort_display(),
            "aantal": len(lijst),
            "regels": [
                {
                    "referentie": m.referentie,
                    "url": absolute_url(reverse("meldingen:open", kwargs={"uuid": m.uuid})),
                }
                for m in lijst[:MAX_PER_SOORT]
            ],
            "meer": max(len(lijst) - MAX_PER_SOORT, 0),
        }
        for lijst in per_soort.values()
    ]
    return {
        "aantal": len(meldingen),
        "groepen": groepen,
        "inbox_url": absolute_url(reverse("meldingen:inbox")),
        "voorkeur_url": absolute_url(reverse("meldingen:voorkeur")),
    }
