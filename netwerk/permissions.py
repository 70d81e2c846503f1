"""Who may see what, decided once. Every `visible_to` queryset method is built on `casework_scope`."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q
from django.http import Http404

from netwerk.roles import Rol, has_role, organisatie_id_of, vertrouwenspersoon_id_of

NOTHING = Q(pk__in=[])


def casework_scope(user, *, organisatie: str, vertrouwenspersoon: str) -> Q | None:
    """The filter for casework and fund records, given the lookups that name their organisation
    and trusted person. None means everything (coordinator); NOTHING means no record."""
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if has_role(user, Rol.COORDINATOR):
        return None
    scope = NOTHING
    org_id = organisatie_id_of(user)
    if has_role(user, Rol.ORGCOORDINATOR) and org_id:
        scope |= Q(**{organisatie: org_id})
    vp_id = vertrouwenspersoon_id_of(user)
    if has_role(user, Rol.VERTROUWENSPERSOON) and vp_id:
        scope |= Q(**{vertrouwenspersoon: vp_id})
    return scope


def casework_scope_key(user) -> str:
    """What `casework_scope` decides by, as text: users with the same key see the same records
    (`Vertrouwenspersoon.visible_to` decides by the same). For a cache key (the report's)."""
    if has_role(user, Rol.COORDINATOR):
        return "alle"
    parts = []
    if has_role(user, Rol.ORGCOORDINATOR) and organisatie_id_of(user):
        parts.append(f"organisatie={organisatie_id_of(user)}")
    if has_role(user, Rol.VERTROUWENSPERSOON) and vertrouwenspersoon_id_of(user):
        parts.append(f"vertrouwenspersoon={vertrouwenspersoon_id_of(user)}")
    return ";".join(parts) or "niets"


def filter_casework(queryset, user, *, organisatie: str, vertrouwenspersoon: str):
    scope = casework_scope(user, organisatie=organisatie, vertrouwenspersoon=vertrouwenspersoon)
    return queryset if scope is None else queryset.filter(scope)


def may_use_casework(user) -> bool:
    """Committee members and trainers have no casework at all."""
    return has_role(user, Rol.COORDINATOR, Rol.ORGCOORDINATOR, Rol.VERTROUWENSPERSOON)


class AccessRefused(Http404):
    """The 404 for a page or record the user may not see. The access log's middleware
    (`netwerk.toegangslog.ToegangslogMiddleware`) writes one entry for it, naming `obj` when
    the record exists; a plain Http404 (nothing there) is not logged."""

    def __init__(self, obj=None):
        super().__init__()
        self.obj = obj


def refuse(model, **lookup):
    """Raise the 404 for a record outside the user's scope: logged when the record exists."""
    obj = model._base_manager.filter(**lookup).first()
    raise AccessRefused(obj) if obj is not None else Http404


def require_role(user, *roles) -> None:
    """Pages a role does not have answer 404, like records outside `visible_to`."""
    if not has_role(user, *roles):
        raise AccessRefused


def role_required(*roles):
    """Function-view decorator: anonymous users go to the login page, other roles get 404."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin(LoginRequiredMixin):
    """Class-view counterpart of `role_required`; set `roles` on the view."""

    roles: tuple = ()

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_role(request.user, *self.roles)
        return super().dispatch(request, *args, **kwargs)


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one record through the model's `visible_to`; anything outside it is a 404, and
    the refusal of a record that exists is written to the access log."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except queryset.model.DoesNotExist:
        refuse(queryset.model, **lookup)
