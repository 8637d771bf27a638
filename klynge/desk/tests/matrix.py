"""URL parameters of the desk app, for the access matrix (values about world.cluster_a)."""

URL_KWARGS = {
    # The matrix expects a `scheme` page to open for cluster A's secretariat and site admins.
    "scheme": lambda world, kwargs: world.cluster_a.scheme.code,
}
