from django.utils.functional import SimpleLazyObject

from netwerk.menu import menu
from netwerk.roles import Rol, roles_of


def roles(request):
    """Role flags for navigation; templates never decide access, views do."""
    names = roles_of(request.user)
    return {
        "rollen": names,
        "is_coordinator": Rol.COORDINATOR.value in names,
        "is_orgcoordinator": Rol.ORGCOORDINATOR.value in names,
        "is_vertrouwenspersoon": Rol.VERTROUWENSPERSOON.value in names,
        "is_commissie": Rol.FONDSCOMMISSIE.value in names,
        "is_opleider": Rol.OPLEIDER.value in names,
        "menu": SimpleLazyObject(lambda: menu(request.user, request.path)),
    }
