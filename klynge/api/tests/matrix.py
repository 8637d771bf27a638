"""The API for the access matrix: no URL parameters; each persona sends a bearer token of its own."""

from klynge.api.services import issue
from klynge.clusters.audit import Actor

URL_KWARGS: dict = {}


def bearer(user) -> dict:
    if user is None:
        return {}
    return {"Authorization": f"Bearer {issue(user, by=Actor.system('test'))}"}


HEADERS = {"api": bearer}
