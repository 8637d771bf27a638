"""The benchmark's server: Klynge's own settings with the benchmark's URL configuration."""

from klynge.settings import *  # noqa: F403

ROOT_URLCONF = "klynge.hub.bench.urls"
