"""The one write path (form -> service -> message -> redirect), without any app's models."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from samenvooruit.views import form_page, submit


class NaamForm(forms.Form):
    naam = forms.CharField()
    aantal = forms.IntegerField(required=False)


def post(data):
    request = RequestFactory().post("/", data)
    request._messages = CookieStorage(request)
    return request


def refuse(error):
    def save(form):
        raise error

    return save


def test_submit_calls_the_service_and_adds_the_message():
    request = post({"naam": "Anna"})
    form = NaamForm(request.POST)

    done, result = submit(
        request, form, save=lambda form: form.cleaned_data["naam"].upper(), message="Opgeslagen."
    )

    assert (done, result) == (True, "ANNA")
    assert [str(m) for m in get_messages(request)] == ["Opgeslagen."]


def test_submit_puts_a_service_refusal_next_to_the_field_it_names():
    request = post({"naam": "Anna"})
    form = NaamForm(request.POST)

    done, result = submit(
        request, form, save=refuse(ValidationError({"aantal": "Te veel."})), message="Opgeslagen."
    )

    assert (done, result) == (False, None)
    assert form.errors == {"aantal": ["Te veel."]}
    assert list(get_messages(request)) == []


def test_submit_puts_an_unkeyed_or_unknown_field_refusal_above_the_form():
    request = post({"naam": "Anna"})
    plain, unknown = NaamForm(request.POST), NaamForm(request.POST)

    submit(request, plain, save=refuse(ValidationError("Mag niet.")), message="-")
    submit(request, unknown, save=refuse(ValidationError({"elders": "Fout."})), message="-")

    assert plain.non_field_errors() == ["Mag niet."]
    assert unknown.non_field_errors() == ["Fout."]


def test_submit_does_not_call_the_service_for_an_invalid_form():
    request = post({"naam": ""})
    calls = []

    done, _result = submit(request, NaamForm(request.POST), save=calls.append, message="-")

    assert not done and calls == []


def test_form_page_redirects_to_the_target_or_to_what_the_service_returned():
    request = post({"naam": "Anna"})

    to_result = form_page(
        request, NaamForm(request.POST), "x.html", save=lambda form: "/klaar/", message="Ok."
    )
    to_target = form_page(
        request,
        NaamForm(request.POST),
        "x.html",
        save=lambda form: "Anna",
        message=lambda naam: f"{naam} opgeslagen.",
        success_url=lambda naam: f"/personen/{naam}/",
    )

    assert (to_result.status_code, to_result.url) == (302, "/klaar/")
    assert to_target.url == "/personen/Anna/"
    assert [str(m) for m in get_messages(request)] == ["Ok.", "Anna opgeslagen."]
