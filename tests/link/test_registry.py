"""Cross-document actor keys and the in-memory registry."""

from __future__ import annotations

from newsgraph.link.registry import ActorRegistry, actor_key, normalise_person_name
from newsgraph.model import Entity, Mention, Role


def E(name, typ="PERSON", country=None, roles=(), eid="e1", mentions=()):
    return Entity(id=eid, name=name, type=typ, country=country, roles=tuple(roles),
                  mentions=tuple(mentions))


def test_person_keys_fold_forms():
    keys = {actor_key(E(n, country="PRK")) for n in
            ("Kim Jong-un", "Kim Jong Un", "Kim Jong\u2010un", "Mr Kim Jong Un", "KIM JONG UN")}
    assert keys == {"person:kim jong un"}
    assert normalise_person_name("José Manuel Barroso") == "jose manuel barroso"
    assert normalise_person_name("President Joe Biden") == "joe biden"
    assert normalise_person_name("Martin Luther King Jr.") == "martin luther king"
    assert normalise_person_name("Dr. Ngozi Okonjo-Iweala") == "ngozi okonjo iweala"


def test_state_and_igo_keys():
    assert actor_key(E("North Korea", "COUNTRY", "PRK")) == "PRK"
    assert actor_key(E("Pyongyang", "COUNTRY", "PRK")) == "PRK"
    assert actor_key(E("DPRK", "COUNTRY")) == "PRK"
    assert actor_key(E("the United States", "COUNTRY", "USA")) == "USA"
    assert actor_key(E("U.S.", "COUNTRY")) == "USA"
    assert actor_key(E("UN", "ORG")) == "UN"
    assert actor_key(E("United Nations", "ORG")) == "UN"
    assert actor_key(E("the White House", "ORG", "USA")) == \
        actor_key(E("White House", "ORG", "USA")) == "org:white house"
    assert actor_key(E("Acme Widgets Ltd.", "ORG")) == "org:acme widgets ltd"
    assert actor_key(E("New York City", "LOCATION", "USA")) == "location:new york city"
    # codes upper case, names lower case: they never collide
    assert actor_key(E("Un", "PERSON")) == "person:un"


def test_same_person_across_documents():
    r = ActorRegistry()
    k1 = r.add(E("Fumio Kishida", country="JPN",
                 roles=[Role("Prime Minister", "JPN", "2023-09-19")]), "d1", "2023-09-19")
    k2 = r.add(E("Kishida", country="JPN",
                 roles=[Role("Prime Minister", "JPN", "2024-02-01")]), "d2", "2024-02-01")
    k3 = r.add(E("Fumio Kishida", country="JPN",
                 roles=[Role("Prime Minister", "JPN", "2025-01-01", "former")]), "d3",
               "2025-01-01")
    assert k1 == k2 == k3 == "person:fumio kishida"
    [a] = r.actors()
    assert a.name == "Fumio Kishida" and a.country == "JPN" and a.doc_ids == ["d1", "d2", "d3"]
    assert a.variants == ["Fumio Kishida", "Kishida"]
    roles = {(x.title, x.qualifier): (x.first_seen, x.last_seen) for x in a.roles}
    assert roles[("Prime Minister", None)] == ("2023-09-19", "2024-02-01")
    assert roles[("Prime Minister", "former")] == ("2025-01-01", "2025-01-01")
    assert a.first_seen == "2023-09-19" and a.last_seen == "2025-01-01"


def test_surname_seen_before_full_name_is_adopted():
    r = ActorRegistry()
    k1 = r.add(E("Ishiba", country="JPN"), "d1", "2025-01-01")
    k2 = r.add(E("Shigeru Ishiba", country="JPN"), "d2", "2025-02-01")
    assert k1 == "person:ishiba" and k2 == "person:shigeru ishiba"
    assert r.resolve(k1) == k2
    assert len(r) == 1 and r.actors()[0].doc_ids == ["d1", "d2"]


def test_shared_surname_not_merged_when_both_known():
    r = ActorRegistry()
    bill = r.add(E("Bill Clinton", country="USA"), "d1", "2000-01-01")
    hillary = r.add(E("Hillary Clinton", country="USA"), "d2", "2016-01-01")
    bare = r.add(E("Clinton", country="USA"), "d3", "2016-02-01")
    assert len({bill, hillary, bare}) == 3
    il = r.add(E("Kim Jong Il", country="PRK"), "d4", "2009-01-01")
    un = r.add(E("Kim Jong Un", country="PRK"), "d5", "2023-01-01")
    assert il != un


def test_country_conflict_keeps_apart():
    r = ActorRegistry()
    a = r.add(E("Ahmed Khan", country="PAK"), "d1")
    c = r.add(E("Khan"), "d3")          # no country: compatible, unique full name
    assert c == a
    b = r.add(E("Khan", country="GBR"), "d2")
    assert a != b and b == "person:khan@GBR"
    assert r.add(E("Khan", country="GBR"), "d4") == b


def test_east_asian_surname_first():
    r = ActorRegistry()
    k = r.add(E("Kim Jong Un", country="PRK"), "d1")
    assert r.add(E("Kim", country="PRK"), "d2") == k
    assert r.add(E("Kim", country="USA"), "d3") != k     # Kim Kardashian is not him


def test_states_merge_across_forms_and_counts():
    r = ActorRegistry()
    m = (Mention(0, 5, "Japan"), Mention(10, 18, "Japanese"))
    r.add(E("Japan", "COUNTRY", "JPN", mentions=m), "d1", "2023-09-19")
    r.add(E("Tokyo", "COUNTRY", "JPN"), "d2", "2024-01-01")
    r.add(E("United Nations General Assembly", "ORG"), "d1")
    r.add(E("UN General Assembly", "ORG"), "d2")
    actors = {a.key: a for a in r.actors()}
    assert set(actors) == {"JPN", "UNGA"}
    assert actors["JPN"].name == "Japan" and actors["JPN"].mentions == 3
    assert actors["UNGA"].name == "United Nations General Assembly"
    assert actors["UNGA"].country is None


def test_deterministic():
    def run():
        r = ActorRegistry()
        for i, n in enumerate(["Biden", "Joe Biden", "Trump", "Donald Trump", "Donald J. Trump",
                               "Ivanka Trump", "Trump"]):
            r.add(E(n, country="USA"), f"d{i}", f"2024-01-0{i + 1}")
        return [a.to_json() for a in r.actors()]
    assert run() == run()


def test_state_names_key_to_state_whatever_the_type():
    assert actor_key(E("Japan", "LOCATION")) == "JPN"
    assert actor_key(E("Japan", "ORG")) == "JPN"
    assert actor_key(E("Tokyo", "LOCATION", "JPN")) == "location:tokyo"   # the city itself
    assert actor_key(E("Tokyo", "COUNTRY", "JPN")) == "JPN"               # acting for Japan
    assert actor_key(E("the Middle East", "LOCATION")) == "location:middle east"
    assert actor_key(E("", "ORG")) == "org:e1"


def test_add_document():
    from newsgraph.model import Annotated, Article
    art = Article(doc_id="d9", source="x", text="Japan and Fumio Kishida.", published="2023-09-19")
    doc = Annotated(article=art, entities=(E("Japan", "COUNTRY", "JPN", eid="e1"),
                                           E("Fumio Kishida", country="JPN", eid="e2")))
    r = ActorRegistry()
    assert r.add_document(doc) == {"e1": "JPN", "e2": "person:fumio kishida"}
    assert all(a.first_seen == "2023-09-19" for a in r.actors())


def test_code_keys_get_their_type_and_get():
    r = ActorRegistry()
    k = r.add(E("Japan", "ORG"), "d1")            # a tagger's mistake
    assert k == "JPN" and r.get("JPN").type == "COUNTRY" and r.get("JPN").country == "JPN"
    r.add(E("Kishida", country="JPN"), "d1")
    r.add(E("Fumio Kishida", country="JPN"), "d2")
    assert r.get("person:kishida").name == "Fumio Kishida"     # follows the merge
    assert r.get("person:nobody") is None


def test_family_name_first_order_joins():
    r = ActorRegistry()
    k = r.add(E("Fumio Kishida", country="JPN"), "d1")
    assert r.add(E("Kishida Fumio", country="JPN"), "d2") == k
    assert r.add(E("Kishida Fumio", country="FRA"), "d3") != k


def test_initials_keep_people_apart():
    r = ActorRegistry()
    w = r.add(E("George W. Bush", country="USA"), "d1")
    hw = r.add(E("George H. W. Bush", country="USA"), "d2")
    assert w != hw
    assert r.add(E("George Bush", country="USA"), "d3") not in (w, hw)   # ambiguous
    assert r.add(E("Donald J. Trump", country="USA"), "d4") == \
        r.add(E("Donald Trump", country="USA"), "d5")


def test_letters_nfkd_keeps_whole_are_folded():
    assert normalise_person_name("Łukasz Żółw") == "lukasz zolw"
    assert normalise_person_name("Recep Tayyip Erdoğan") == "recep tayyip erdogan"
    assert normalise_person_name("Mette Frederiksen") == normalise_person_name("Mette Frederiksen")
    assert normalise_person_name("Søren Ørsted") == "soren orsted"


def test_parties_are_one_actor_whatever_the_text_calls_them():
    from newsgraph.link.registry import key_for

    assert key_for("GOP", "ORG") == key_for("Republicans", "ORG") == key_for(
        "Republican Party", "ORG")
    assert key_for("Lib Dems", "ORG") == key_for("Liberal Democrats", "ORG")
    assert key_for("Tories", "ORG") == key_for("Conservative Party", "ORG")
    assert key_for("Tories", "ORG") != key_for("Labour", "ORG")
