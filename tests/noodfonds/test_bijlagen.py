"""Attachments: type by content, at most 10 MB, random storage names, download only in scope."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from netwerk.roles import Rol
from noodfonds.choices import AanvraagStatus
from noodfonds.models import Bijlage
from noodfonds.validators import MAX_BIJLAGE_BYTES
from tests.factories import make_user
from tests.noodfonds.conftest import JPEG, PDF, PNG, snapshot

S = AanvraagStatus
pytestmark = pytest.mark.django_db


def stored_files():
    try:
        return default_storage.listdir("noodfonds/bijlagen")[1]
    except FileNotFoundError:
        return []


@pytest.fixture
def concept(maak_aanvraag):
    return maak_aanvraag(S.CONCEPT)


def upload(client, aanvraag, name, content, soort="offerte"):
    return client.post(
        reverse("noodfonds:bijlage_upload", args=[aanvraag.uuid]),
        {
            "soort": soort,
            "bestand": SimpleUploadedFile(name, content, content_type="application/pdf"),
        },
    )


@pytest.mark.parametrize(
    ("content", "content_type", "extensie"),
    [(PDF, "application/pdf", ".pdf"), (PNG, "image/png", ".png"), (JPEG, "image/jpeg", ".jpg")],
)
def test_pdf_png_and_jpeg_are_stored_under_a_random_name(
    content, content_type, extensie, client, vp_a, concept
):
    client.force_login(vp_a.user)

    response = upload(client, concept, "offerte Janssen.pdf", content)

    bijlage = Bijlage.objects.get()
    assert response.status_code == 302
    assert (bijlage.content_type, bijlage.naam, bijlage.grootte) == (
        content_type,
        "offerte Janssen.pdf",
        len(content),
    )
    assert "Janssen" not in bijlage.bestand.name
    assert bijlage.bestand.name.startswith("noodfonds/bijlagen/")
    assert bijlage.bestand.name.endswith(extensie)
    with default_storage.open(bijlage.bestand.name) as stored:
        assert stored.read() == content


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # the header, no document
        b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>",
        b"\xff\xd8\xff\xe0<html><script>alert(1)</script></html>",
        PNG[:-20],  # a PNG cut short
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 64,  # Windows executable
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64,  # Linux executable
        b"",
    ],
    ids=[
        "pdf-header-then-html",
        "pdf-header-without-document",
        "png-header-then-html",
        "jpeg-header-then-html",
        "png-cut-short",
        "html",
        "windows-executable",
        "linux-executable",
        "empty",
    ],
)
def test_a_pdf_name_on_other_content_is_refused(content, client, vp_a, concept):
    client.force_login(vp_a.user)
    before, files_before = snapshot(), stored_files()

    response = upload(client, concept, "offerte.pdf", content)

    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "geen PDF, JPEG of PNG" in body
        or "geen geldige PDF, JPEG of PNG" in body
        or "Het verstuurde bestand is leeg" in body
    )
    assert snapshot() == before
    assert stored_files() == files_before


def test_a_file_of_ten_megabytes_and_one_byte_is_refused(client, vp_a, concept):
    client.force_login(vp_a.user)
    before, files_before = snapshot(), stored_files()

    response = upload(
        client, concept, "factuur.pdf", PDF + b"0" * (MAX_BIJLAGE_BYTES + 1 - len(PDF))
    )

    assert "hoogstens 10,0\xa0MB" in response.content.decode()
    assert snapshot() == before
    assert stored_files() == files_before


def test_a_file_of_exactly_ten_megabytes_is_accepted(client, vp_a, concept):
    client.force_login(vp_a.user)

    upload(client, concept, "factuur.pdf", PDF + b"0" * (MAX_BIJLAGE_BYTES - len(PDF)))

    assert Bijlage.objects.get().grootte == MAX_BIJLAGE_BYTES


def test_attachments_cannot_be_added_after_submission(client, vp_a, maak_aanvraag):
    ingediend = maak_aanvraag(S.INGEDIEND)
    client.force_login(vp_a.user)

    response = upload(client, ingediend, "offerte.pdf", PDF)

    assert "zolang de aanvraag open staat" in response.content.decode()
    assert not Bijlage.objects.exists()


def test_a_trusted_person_of_another_organisation_gets_404_on_a_valid_attachment_url(
    client, vp_a, vp_b, concept
):
    client.force_login(vp_a.user)
    upload(client, concept, "offerte.pdf", PDF)
    url = reverse("noodfonds:bijlage_download", args=[Bijlage.objects.get().uuid])

    eigen = client.get(url)
    client.force_login(vp_b.user)
    ander = client.get(url)

    assert eigen.status_code == 200
    assert b"".join(eigen.streaming_content) == PDF
    assert eigen["Content-Type"] == "application/pdf"
    assert eigen["Content-Disposition"].startswith("attachment")
    assert ander.status_code == 404


def test_a_committee_member_cannot_download_attachments_of_a_draft(
    client, vp_a, commissielid, concept
):
    client.force_login(vp_a.user)
    upload(client, concept, "offerte.pdf", PDF)
    client.force_login(commissielid)

    response = client.get(reverse("noodfonds:bijlage_download", args=[Bijlage.objects.get().uuid]))

    assert response.status_code == 404


def test_an_organisation_coordinator_of_another_organisation_gets_404(client, vp_a, org_b, concept):
    client.force_login(vp_a.user)
    upload(client, concept, "offerte.pdf", PDF)

    client.force_login(make_user("orgcoord_b", Rol.ORGCOORDINATOR, org_b))

    response = client.get(reverse("noodfonds:bijlage_download", args=[Bijlage.objects.get().uuid]))

    assert response.status_code == 404


def test_deleting_an_attachment_removes_the_file(
    client, vp_a, concept, django_capture_on_commit_callbacks
):
    client.force_login(vp_a.user)
    upload(client, concept, "offerte.pdf", PDF)
    bijlage = Bijlage.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("noodfonds:bijlage_delete", args=[bijlage.uuid]))

    assert not Bijlage.objects.exists()
    assert not default_storage.exists(bijlage.bestand.name)


@pytest.mark.parametrize("role", ["coordinator", "orgcoordinator", "vp_a"])
def test_every_role_that_sees_the_application_may_add_attachments(role, users, client, concept):
    client.force_login(users[role])

    response = upload(client, concept, "factuur.png", PNG, soort="factuur")

    assert response.status_code == 302
    assert Bijlage.objects.get().geupload_door == users[role]
