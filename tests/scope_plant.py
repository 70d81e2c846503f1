"""A URL configuration with a planted hole, for the meta-tests of tests/test_scope.py: the
project's URLs plus one casework page that fetches a help request with `get_object_or_404`
instead of through `visible_to`, behind the casework role gate like its neighbours."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from hulpvragen.models import Hulpvraag
from hulpvragen.views import casework
from samenvooruit.urls import urlpatterns as project_urls


@casework
def hulpvraag_peek(request, uuid):
    hulpvraag = get_object_or_404(Hulpvraag, uuid=uuid)  # the hole: any help request by uuid
    return HttpResponse(str(hulpvraag.uuid))


planted = [path("<uuid:uuid>/", hulpvraag_peek, name="hulpvraag_peek")]
urlpatterns = [*project_urls, path("planted/", include((planted, "planted")))]
