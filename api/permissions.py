"""Who may write: editors, i.e. staff or members of the "editors" group. Everyone may read."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

EDITORS_GROUP = "editors"


def is_editor(request):
    """True for staff and for members of the editors group; remembered for the request."""
    cached = getattr(request, "_candor_is_editor", None)
    if cached is None:
        user = request.user
        cached = bool(
            user
            and user.is_authenticated
            and user.is_active
            and (user.is_staff or user.groups.filter(name=EDITORS_GROUP).exists())
        )
        request._candor_is_editor = cached
    return cached


class EditorsWriteOthersRead(BasePermission):
    message = "Only editors (staff or the editors group) may change the catalog."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_editor(request)
