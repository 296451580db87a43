"""The registry's indexes change its speed, never its answers.

``_ScanRegistry`` decides by scanning every known person (the rules written out plainly, as
the registry did before it had indexes); random sequences of colliding names, with and
without countries, must give the same keys, actors and merges either way.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.link.registry import ActorRegistry
from newsgraph.model import Entity


class _ScanRegistry(ActorRegistry):
    def _all_persons(self):
        return [a for k, a in sorted(self._actors.items()) if a.type == "PERSON"]

    def _merge_target(self, key, tokens, country):
        cands = []
        for a in self._all_persons():
            if a.key == key:
                continue
            c = a.country()
            if not self._compatible(country, c):
                continue
            if self._shorter_of(tokens, self._tokens(a.key), country or c):
                cands.append(a.key)
        return cands[0] if len(cands) == 1 else None

    def _adopt_shorter(self, key, country):
        tokens = self._tokens(key)
        for a in self._all_persons():
            if a.key == key or a.key not in self._actors:
                continue
            short = self._tokens(a.key)
            if len(short) >= len(tokens):
                continue
            if not self._shorter_of(short, tokens, country or a.country()):
                continue
            if not self._compatible(country, a.country()):
                continue
            if self._merge_target(a.key, short, a.country()) != key:
                continue
            self._merge_into(a.key, key)


# few words, so that names collide in every way the rules care about: same surname, same
# first name, initials, family name first, three-word names sharing two words
_WORDS = ["kim", "jong", "un", "lee", "j", "john", "smith", "jo", "ann", "park"]
_COUNTRIES = [None, None, "USA", "GBR", "PRK", "KOR", "CHN"]

_name = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(
    lambda ws: " ".join(w.capitalize() if len(w) > 1 else w.upper() + "." for w in ws))
_adds = st.lists(st.tuples(_name, st.sampled_from(_COUNTRIES)), min_size=1, max_size=40)


def _run(reg, adds):
    keys = [reg.add(Entity(f"e{i}", n, "PERSON", c), f"d{i % 7}", f"2024-01-{i % 28 + 1:02d}")
            for i, (n, c) in enumerate(adds)]
    return keys, [a.to_json() for a in reg.actors()], reg.aliases()


@settings(max_examples=400, deadline=None)
@given(_adds)
def test_indexed_registry_decides_as_a_full_scan(adds):
    assert _run(ActorRegistry(), adds) == _run(_ScanRegistry(), adds)


def test_country_changes_refile_the_person():
    # "Park" has no country at first, then mostly KOR: a bare "Park" from the USA must stop
    # fitting him once his country is known, and fit again only for compatible countries
    for reg in (ActorRegistry(), _ScanRegistry()):
        full = reg.add(Entity("e1", "Ann Park", "PERSON"), "d1")
        assert reg.add(Entity("e2", "Park", "PERSON", "USA"), "d2") == full
        reg2 = type(reg)()
        reg2.add(Entity("e1", "Ann Park", "PERSON"), "d1")
        reg2.add(Entity("e2", "Ann Park", "PERSON", "KOR"), "d2")
        assert reg2.add(Entity("e3", "Park", "PERSON", "USA"), "d3") == "person:park"
        assert reg2.add(Entity("e4", "Ann", "PERSON", "KOR"), "d4") == full


def test_common_first_names_do_not_slow_adds():
    # 6,000 people called John with distinct surnames: each add looks at a handful of names,
    # so the last thousand cost about what the first thousand did (a scan of the Johns made
    # it quadratic). Cost is counted as lines of the registry executed, not timed, so the
    # figure does not depend on the machine's load.
    import sys

    import newsgraph.link.registry as registry_mod

    lines = [0]
    target = registry_mod.__file__

    def tracer(frame, event, arg):
        if frame.f_code.co_filename != target:
            return None
        if event == "line":
            lines[0] += 1
        return tracer

    reg = ActorRegistry()

    def batch(lo, hi):
        before = lines[0]
        sys.settrace(tracer)
        try:
            for i in range(lo, hi):
                reg.add(Entity("e", f"John Q{i:05d} Surname{i:05d}", "PERSON", "GBR"), f"d{i}")
                reg.add(Entity("e", f"John Surname{i:05d}", "PERSON", "GBR"), f"d{i}")
        finally:
            sys.settrace(None)
        return lines[0] - before

    first = batch(0, 1000)
    reg_untraced = [reg.add(Entity("e", f"John Q{i:05d} Surname{i:05d}", "PERSON", "GBR"),
                            f"d{i}") for i in range(1000, 5000)]
    for i in range(1000, 5000):
        reg.add(Entity("e", f"John Surname{i:05d}", "PERSON", "GBR"), f"d{i}")
    last = batch(5000, 6000)
    assert len(reg_untraced) == 4000 and len(reg) == 6000
    assert first > 0
    assert last < 1.5 * first
