"""Which models a piece of code reads: the derived-data tests check that every table a cached
part reads is watched (klynge/clusters/derived.py), so that a new input cannot be forgotten."""

import re
from contextlib import contextmanager

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def models_read():
    """A set, filled when the block ends, of the models whose tables the block's queries read
    (FROM or JOIN)."""
    tables = {model._meta.db_table: model for model in apps.get_models()}
    read: set = set()
    with CaptureQueriesContext(connection) as captured:
        yield read
    read.update(
        tables[name]
        for query in captured
        for name in re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"])
        if name in tables
    )
