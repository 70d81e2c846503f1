"""What the start-page tests share: the counts as a page shows them, and unread notices."""

import datetime
import re

from django.urls import reverse

from meldingen.models import Melding, Soort


def counts(response) -> dict[str, int]:
    """The counts on top of a start page (templates/includes/tellingen.html), by name."""
    html = response.content.decode()
    found = re.findall(
        r'data-telling="([a-z_]+)">\s*<span class="telling-getal">(\d+)</span>', html
    )
    return {naam: int(aantal) for naam, aantal in found}


def unread_notices(user, hulpvraag, n, *, read=0):
    """`n` unread and `read` read notices for `user` about `hulpvraag`."""
    for i in range(n + read):
        Melding.objects.create(
            ontvanger=user,
            soort=Soort.ZONDER_CONTACT,
            tekst="Lang geen contact",
            link=reverse("hulpvragen:hulpvraag_detail", kwargs={"uuid": hulpvraag.uuid}),
            object_type="hulpvragen.hulpvraag",
            object_id=hulpvraag.pk,
            referentie=hulpvraag.huishouden.referentie,
            datum=datetime.date(2024, 3, 1) + datetime.timedelta(days=i),
            gelezen_op=datetime.datetime(2024, 3, 2, tzinfo=datetime.UTC) if i >= n else None,
        )
