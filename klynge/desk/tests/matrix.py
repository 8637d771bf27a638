"""URL parameters of the desk app, for the access matrix (values about world.cluster_a)."""

from klynge.desk.tests.factories import make_guide

URL_KWARGS = {
    # The matrix expects a `scheme` page to open for cluster A's secretariat and site admins.
    "scheme": lambda world, kwargs: world.cluster_a.scheme.code,
    "guide": lambda world, kwargs: make_guide(world.cluster_a.scheme).pk,
}
