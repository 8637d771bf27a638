"""Generated names (demo and benchmark data) stay distinct however many are asked for."""

import itertools
import random

from .. import names


def test_names_never_run_out(monkeypatch):
    """Fewer short names than asked for (as at benchmark scale 10): the generator goes on with
    longer ones instead of searching the used-up short ones forever."""
    monkeypatch.setattr(names, "FIRST_NAMES", ["Anne", "Bo"])
    monkeypatch.setattr(names, "LAST_NAMES", ["Hansen", "Jensen", "Holm"])
    draws, real = itertools.count(), random.Random.choice

    def choice(self, seq):
        assert next(draws) < 100_000, "the names ran out"
        return real(self, seq)

    monkeypatch.setattr(random.Random, "choice", choice)
    got = list(itertools.islice(names.name_generator(1), 40))
    assert len(set(got)) == 40
