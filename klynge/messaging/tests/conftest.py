from klynge.meetings.tests.conftest import members, rules  # noqa: F401  (shared fixtures)
