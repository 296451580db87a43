"""Cross-document actor identity for a store: the registry, kept in step with the stored
``actors`` table, and every decision the store persists about actors.

The registry (pure, in memory) decides which real actor an entity is: the same key for
"Mr Kim Jong-un" and "Kim Jong Un", a surname joining the one known person with that
surname, a fuller name adopting an earlier surname-only actor. ``ActorLinker.link`` turns a
batch's entities into an ``ActorDecision``: the key the registry gave each entity, the
merges it made (old key -> surviving key, applied by the store in order after the batch's
entities) and every touched actor's name, type, country and name words. The store writes
them as given (``store.actors``).
An entity the registry fails on gets a plain key (``fallback_actor_key``: the registry's
key forms, decided without the gazetteer).

The registry learns the stored persons lazily: before each batch, ``prepare`` restores the
stored persons sharing a first or last name word with the batch's persons (an indexed
query). Every decision about a person looks only at persons sharing one of those two words
with it (its surname, its first word, the short forms of its name), so the registry decides
exactly as if every stored person had been restored first, without reading them all when an
ingest starts. Restoring takes the store's decisions as they stand (key, name, country).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

from ..model import ActorRecord, Annotated, Entity
from ..store import actors as store_actors
from ..store import lookups, read
from .registry import ActorRegistry, actor_key, normalise_person_name
from .registry import _normalise_other as normalise_other_name


@dataclass(frozen=True, slots=True)
class ActorDecision:
    """What linking decided about a batch's actors."""

    keys: tuple[tuple[str, ...], ...]           # per new document, per entity: actor key
    actors: tuple[ActorRecord, ...]             # every actor the batch touches
    merges: tuple[tuple[str, str], ...]         # actor key -> the key it joins, in order


class ActorLinker:
    def __init__(self, conn: sqlite3.Connection | None = None, *, lazy: bool = True) -> None:
        """``lazy=False`` restores every stored person now (the same decisions, paid for
        up front; for tests and benchmarks)."""
        self.registry = ActorRegistry()
        self._applied: set[str] = set()
        # name words whose stored persons (as last word / as first word) are restored
        self._last: set[str] | None = set()
        self._first: set[str] = set()
        self._filled = False
        if conn is not None and not lazy:
            self._restore(read.actor_seed(conn))
            self._last = None                  # everything is known

    def _restore(self, rows: Iterable[sqlite3.Row]) -> None:
        for row in rows:
            try:
                self.registry.restore(row["key"], row["name"], row["country"])
            except Exception:  # one odd stored row must not stop an ingest
                continue

    def prepare(self, conn: sqlite3.Connection, entities: Iterable[Entity]) -> None:
        """Restore the stored persons the registry may need for ``entities`` (call inside the
        batch's transaction, before the first ``key``). What it needs is set out at
        ``ActorRegistry.SURNAME_FIRST_COUNTRIES``."""
        if self._last is None:
            return
        reg = self.registry
        last: set[str] = set()
        firsts: set[str] = set()            # first words of the batch's persons
        one_word: set[str] = set()          # ... of those named by one word
        for e in entities:
            if (e.type or "").upper() != "PERSON":
                continue
            try:
                key = actor_key(e)
            except Exception:  # an odd entity gets its key without history
                continue
            got = reg.name_words(key)
            if got:
                last.update(got)
                firsts.add(got[0])
                if reg.one_word(key):
                    one_word.add(got[0])
        new_last = last - self._last
        if new_last:
            self._restore(read.actor_family(conn, new_last))
            self._last |= new_last
        first = {w for w in firsts - self._first if w in one_word or reg.knows_one_word(w)}
        if first:
            self._restore(read.actor_family(conn, (), first, reg.SURNAME_FIRST_COUNTRIES))
            self._first |= first

    def link(self, conn: sqlite3.Connection, docs: Sequence[Annotated],
             also: Iterable[Entity] = ()) -> ActorDecision:
        """Decide the actors of ``docs`` (the batch's new documents, in order). ``also``:
        entities of the batch's copies, whose stored persons the registry may need too.

        Each entity gets the key the registry gives it when added; the registry's merges
        are then applied in order (the store folds each old actor into its survivor), and
        every actor the batch leaves is described as it ends up: name counts summed, the
        first country recorded kept, named by ``choose_name``."""
        self._fill_name_words(conn)
        self.prepare(conn, [*(e for d in docs for e in d.entities), *also])
        keys = tuple(tuple(self.key(e, d.article.doc_id, d.article.published)
                           for e in d.entities) for d in docs)
        merges = tuple(self.merges())
        for old, _ in merges:
            self.applied(old)
        wanted = {k for ks in keys for k in ks}
        wanted.update(k for pair in merges for k in pair)
        stored = lookups.actors_by_key(conn, wanted)
        # each actor as the store will have it: (type, country, name counts)
        state: dict[str, list] = {}

        def get(k: str, e: Entity | None) -> list | None:
            if k not in state:
                row = stored.get(k)
                if row is not None:
                    state[k] = [row["type"], row["country"], Counter(row["names"])]
                elif e is not None:
                    state[k] = [e.type, None, Counter()]
                else:
                    return None
            return state[k]

        for d, ks in zip(docs, keys):
            for e, k in zip(d.entities, ks):
                st = get(k, e)
                st[1] = st[1] or e.country
                st[2][e.name] += 1
        records: dict[str, ActorRecord] = {}

        def record(k: str) -> ActorRecord:
            etype, country, names = state[k]
            words = self.registry.name_words(k) if k.startswith("person:") else None
            return ActorRecord(k, choose_name(k, etype, names), etype, country,
                               *(words or (None, None)))

        for k in state:             # as first written (the rows merged away included)
            records[k] = record(k)
        for old, new in merges:
            src = get(old, None)
            if src is None:
                continue
            dst = get(new, None)
            if dst is None:
                state[new] = state.pop(old)     # the stored row is re-keyed
            else:
                dst[1] = dst[1] or src[1]
                dst[2].update(src[2])
                del state[old]
        for k in state:             # as the batch leaves them
            records[k] = record(k)
        return ActorDecision(keys, tuple(records.values()), merges)

    def _fill_name_words(self, conn: sqlite3.Connection) -> None:
        """Once per linker: persons stored without their name words get them (the index
        ``prepare`` looks persons up by)."""
        if self._filled:
            return
        self._filled = True
        missing = lookups.persons_without_name_words(conn)
        if missing:
            store_actors.set_name_words(conn, [(k, *(self.registry.name_words(k) or (None, None)))
                                               for k in missing])

    def key(self, entity: Entity, doc_id: str, date: str | None) -> str:
        try:
            return self.registry.add(entity, doc_id, date)
        except Exception:  # an odd entity costs its cross-document link, not the batch
            pass
        try:
            return actor_key(entity)
        except Exception:
            return fallback_actor_key(entity)

    def merges(self) -> list[tuple[str, str]]:
        """(old key, surviving key) pairs not yet applied to the store."""
        pairs = sorted(self.registry.aliases().items())
        out, seen = [], set()
        for old, new in pairs:
            new = self.registry.resolve(new)
            if old != new and old not in self._applied and old not in seen:
                seen.add(old)
                out.append((old, new))
        return out

    def applied(self, old: str) -> None:
        self._applied.add(old)



def fallback_actor_key(entity: Entity) -> str:
    """Cross-document identity for an entity the registry fails on, in the registry's own
    key forms (a state by its ISO3 code, "JPN"; otherwise "<type>:<normalised name>"),
    decided without the gazetteer (the likeliest thing to have failed)."""
    etype = (entity.type or "").upper()
    country = (entity.country or "").upper()
    if etype == "COUNTRY" and len(country) == 3 and country.isalpha():
        return country
    norm = (normalise_person_name if etype == "PERSON" else normalise_other_name)(entity.name)
    return f"{etype.lower() or 'entity'}:{norm or entity.id}"


def code_name(key: str) -> str | None:
    """The standard name of an actor keyed by a code ("GBR" -> "United Kingdom"), so a state
    is not named after whichever short form most documents happen to use."""
    if not key.isupper():
        return None
    try:
        from ..annotate.gazetteer import country_name
        return country_name(key)
    except Exception:  # a gazetteer that cannot load must not stop storing
        return None


def choose_name(key: str, etype: str, names: Mapping[str, int]) -> str:
    """An actor's name: a code's standard name, else for a person the fullest name seen
    ("Fumio Kishida" over "Kishida"), else the name most documents use; ties go to the
    longer, then the alphabetically first, so the choice is stable."""
    code = code_name(key)
    if code:
        return code
    if not names:
        return key
    person = etype == "PERSON"
    return min(names.items(), key=lambda kv: (-kv[0].count(" ") if person else 0, -kv[1],
                                              -len(kv[0]), kv[0]))[0]
