"""Event coding quality: one invented sentence per general cause of a false or wrong event.

Each sentence is written for these tests (none comes from the seeds or the gold sets), and
each test failed before the rule it checks.
"""

from __future__ import annotations

import pytest

from newsgraph.model import Annotated

PUB = "2024-05-02"


@pytest.fixture
def run(annotate_text):
    return annotate_text


def codes(doc: Annotated) -> list[tuple[str, str | None, str | None]]:
    return [(e.cameo, e.source and e.source.name, e.target and e.target.name)
            for e in doc.events]


def test_a_result_participle_is_not_a_second_verbal_act(run):
    # the -ing clause says what the exercises brought about: no "refuse to yield" (124) of
    # Venezuela's, which the dictionary's "heighten tensions" pattern would code
    d = run("Venezuela conducted naval exercises on Monday, heightening tensions across the "
            "region.")
    got = codes(d)
    assert ("150", "Venezuela", None) in got, got
    assert not [c for c in got if c[0].startswith("12")], got


def test_a_copular_evaluation_of_an_eventive_noun_is_not_an_event(run):
    d = run("Brazil's pursuit of closer cooperation with Argentina is hardly surprising.")
    assert not d.events, codes(d)
    d = run("The negotiations between Chile and Peru were a failure.")
    assert not d.events, codes(d)
    # the same noun reported as done stays an event
    d = run("Brazil pursued closer cooperation with Argentina in March.")
    assert [c for c in codes(d) if c[0].startswith("05")], codes(d)


def test_a_support_verbs_own_pattern_refines_its_objects_unspecified_code(run):
    # "summit" alone is 040 (consult, not specified); the dictionary's "attend a summit" is
    # 044 (meet at a third location): the more specific code, the noun still the trigger
    d = run("Kenyan President William Ruto attended a summit on regional trade with Tanzania.")
    got = [(e.cameo, e.trigger.text, e.source and e.source.name, e.target and e.target.name)
           for e in d.events]
    assert ("044", "summit", "William Ruto", "Tanzania") in got, got
    # a pattern of our own for negotiation words only: a summit is no negotiation (046)
    d = run("Kenya engaged in a summit with Tanzania.")
    assert [e.cameo for e in d.events] == ["040"], codes(d)


def test_a_verb_the_tagger_lemmatizes_wrongly_is_read_by_its_regular_base():
    from newsgraph.annotate.events import _base, _deinflect, inflections
    # the tagger gives "stag" for "staged", "fin" for "fined", "bombing" for "bombing"
    assert _base("staged", "stag") == "stage"
    assert _base("fined", "fin") == "fine"
    assert _base("bombing", "bombing") == "bomb"
    assert _base("sings", "sings") == "sings"          # not a verb the coder reads
    real = {"stage": ("staged", "staging", "stages"), "bomb": ("bombed", "bombing", "bombs"),
            "rally": ("rallied", "rallies", "rallying"), "ban": ("banned", "banning"),
            "harbour": ("harboured", "harbouring")}
    for w, forms in real.items():
        for f in forms:
            assert f in inflections(w) and w in _deinflect(f), f


def test_a_support_verb_with_a_wrong_lemma_still_carries_its_object(run):
    d = run("Chilean students staged a protest against Argentina on Monday.")
    assert ("141", "Chile", "Argentina") in codes(d), codes(d)


def test_the_dictionarys_phrasal_patterns_read_the_verbs_own_particles(run):
    # "clamp down" (173) and "march against" (141): patterns of function words only, which
    # the lexicon used to drop; they match only the verb's own particle or phrase
    d = run("Bolivian police clamped down on student protesters in La Paz.")
    assert [c for c in codes(d) if c[0] == "173"], codes(d)
    d = run("Thousands of Bolivian miners marched against the government of Peru.")
    assert ("141", "Bolivia", "Peru") in codes(d), codes(d)
    # a phrase of time is not the verb's "(ON)" ("call on" someone is an appeal)
    from newsgraph.annotate import event_lexicon as L
    e = L.verb("call")
    on = [frozenset({"on"})]
    assert e.code([], on, on)[0] == "020" and e.code([], on, [])[0] != "020"


def test_a_particle_turns_a_head_verb_into_another_verb(run):
    # "called off the talks" is no appeal for talks (026)
    d = run("Bolivia called off its planned talks with Chile.")
    assert not [c for c in codes(d) if c[0].startswith("02")], codes(d)
    assert ("160", "Bolivia", "Chile") in codes(d), codes(d)


def test_negotiate_is_a_negotiation_and_inspectors_sent_investigate(run):
    # the dictionary lists "negotiate" under COMPROMISE (080; "with" 050)
    d = run("Bolivia negotiated with Chile over access to the Pacific.")
    assert ("046", "Bolivia", "Chile") in codes(d), codes(d)
    d = run("The IAEA dispatched inspectors to a reactor in Iran.")
    assert [c for c in codes(d) if c[0] == "090"], codes(d)


def test_the_subject_of_a_passive_raising_verb_does_the_infinitives_act(run):
    # "is scheduled / expected to attend": no by-agent, the passive's subject attends
    d = run("Canadian Prime Minister Mark Carney is scheduled to attend a summit in Ghana.")
    got = codes(d)
    assert [c for c in got if c[0].startswith("04") and c[1] == "Mark Carney"], got


def test_a_meeting_is_coded_by_where_it_happens():
    from newsgraph.annotate.event_args import Arg
    from newsgraph.annotate.events import _where_met

    def side(country):
        return [Arg(None, country, country, 0, 0, country, 0)]
    # in the other side's state: the source made a visit (042)
    assert _where_met("044", "MEX", side("CAN"), side("MEX")) == "042"
    assert _where_met("040", "MEX", side("CAN"), side("MEX")) == "042"
    # in a state of neither side: a meeting at a "third" location (044)
    assert _where_met("040", "SGP", side("USA"), side("PRK")) == "044"
    # at home, or other acts: unchanged
    assert _where_met("040", "CAN", side("CAN"), side("MEX")) == "040"
    assert _where_met("046", "SGP", side("USA"), side("PRK")) == "046"


def test_a_summit_in_a_third_state_is_a_meeting_at_a_third_location(run):
    d = run("Kenyan President William Ruto met Tanzanian President Samia Suluhu Hassan in Geneva.")
    got = [(e.cameo, e.label) for e in d.events if e.cameo.startswith("04")]
    assert got and got[0][0] == "044" and got[0][1].isascii(), got


def test_a_pattern_does_not_read_words_inside_the_objects_relative_clause(run):
    # "support" is not "support sanctions" because the resolution it supports is about them
    d = run("Portugal will support a European Union resolution that aims to impose sanctions "
            "on Belarus.")
    portugal = [c for c in codes(d) if c[1] == "Portugal"]
    assert portugal and not [c for c in portugal if c[0].startswith("13")], codes(d)


def test_strengthened_forces_mobilize_and_issue_alone_is_no_event(run):
    d = run("Ecuador has strengthened its forces along the border with Colombia.")
    assert [c for c in codes(d) if c[0] == "154" and c[1] == "Ecuador"], codes(d)
    # the dictionary's default for "issue" (060, as in issuing visas) needs its pattern
    d = run("The Ecuadorian government issued a declaration on Tuesday with Colombia.")
    assert not [c for c in codes(d) if c[0].startswith("06")], codes(d)


def test_a_verb_coordinated_with_a_passive_shares_its_subject_not_its_agent(run):
    d = run("Peru's interior minister was censured by Congress and resigned on Friday.")
    assert ("0831", "Peru", None) in codes(d), codes(d)


def test_an_event_whose_actor_is_unknown_is_kept_below_a_known_actors(run):
    # kept: dropping sourceless events costs the gold sets more than it saves (README)
    d = run("Peruvian officials spoke of the abduction of Bolivian workers.")
    [e] = [e for e in d.events if e.cameo.startswith("18")]
    assert e.source is None and e.target.country == "BOL" and e.confidence < 0.5


def test_the_subject_of_a_verb_is_not_done_by_that_verbs_source(run):
    d = run("The kidnapping of two Bolivian engineers shocked Peru.")
    assert not [c for c in codes(d) if c[0].startswith("18") and c[1] == "Peru"], codes(d)


def test_a_subject_pattern_reads_the_subjects_own_words_not_its_phrases(run):
    # "&MILITARY * [190]" (a military force advancing) must not read "military" inside
    # "demonstrations against military rule"
    d = run("Demonstrations against Bolivian military rule are continuing in Sucre.")
    got = codes(d)
    assert not [c for c in got if c[0].startswith("19")], got
    assert [c for c in got if c[0] == "141"], got


def conf(doc: Annotated, root: str) -> float:
    return max(e.confidence for e in doc.events if e.cameo.startswith(root))


def test_the_act_a_clause_reports_ranks_above_its_background_and_its_aim(run):
    # the complaint is the news, the raids it is over are background
    d = run("Uruguay complained to the United Nations over Argentine air raids.")
    assert conf(d, "11") > conf(d, "19"), codes(d)
    # the strike is the act, the demand its aim
    d = run("Chilean miners staged a strike outside the Bolivian embassy to demand the "
            "release of Peruvian prisoners.")
    assert conf(d, "14") > conf(d, "10"), codes(d)


def test_an_act_in_a_city_of_another_state_targets_that_state(run):
    # the place hangs on the support verb, the act is its object noun
    d = run("Peru is conducting military exercises in Quito.")
    assert ("150", "Peru", "Ecuador") in codes(d), codes(d)
    # coordinated modifiers of one noun each act ("US and British activists")
    d = run("US and British activists staged a noisy protest in Quito on Monday.")
    got = codes(d)
    assert ("141", "United States", "Ecuador") in got and \
        ("141", "United Kingdom", "Ecuador") in got, got
    # at home, no target is made up
    d = run("Chilean police arrested two men in Santiago.")
    assert ("173", "Chile", None) in codes(d), codes(d)


def test_an_allegation_targets_the_subject_of_what_is_alleged(run):
    d = run("A report published in Lima alleged that Chile was aware of the smuggling.")
    assert [c for c in codes(d) if c[0].startswith("11") and c[2] == "Chile"], codes(d)


def test_aid_received_is_given_by_whom_it_came_from(run):
    d = run("Bolivian farmers received food aid from Chile.")
    assert ("073", "Chile", "Bolivia") in codes(d), codes(d)


def test_a_conclusion_that_another_must_act_is_a_demand_on_it(run):
    d = run("The Andean Council concluded on Monday that Bolivia must allocate more funds.")
    assert [c for c in codes(d) if c[0].startswith("10") and c[2] == "Bolivia"], codes(d)


def test_an_ultimatum_is_a_threat_whatever_it_demands(run):
    # CAMEO 139 "give ultimatum", not a demand (10) composed with its content
    d = run("Bolivia issued an ultimatum to Chile to withdraw its troops from the border.")
    assert ("139", "Bolivia", "Chile") in codes(d), codes(d)


def test_a_rejected_offer_targets_whose_offer_it_was(run):
    # the offer's agent, not the first actor inside its phrase
    d = run("Bolivia rejected a fresh offer of talks with Peru from Chile.")
    assert [c for c in codes(d) if c[0].startswith("12") and c[1] == "Bolivia"
            and c[2] == "Chile"], codes(d)


def test_a_verbs_pattern_says_what_is_done_with_another_sides_demand(run):
    # "accept demands" is the dictionary's 083 (accede to demands), not the demand (10)
    d = run("The Bolivian government accepted demands from Chile.")
    assert ("083", "Bolivia", "Chile") in codes(d), codes(d)


def test_a_threat_is_addressed_to_whom_its_condition_names(run):
    d = run("Bolivian miners threatened to block the highways unless Chile lowered its "
            "port fees.")
    assert [c for c in codes(d) if c[0].startswith("13") and c[2] == "Chile"], codes(d)


def test_a_purpose_participle_of_two_sides_acting_together_is_kept_both_ways(run):
    # not a result participle to drop: the two sides' intent to settle (037), each way
    d = run("Negotiators from Chile and Peru opened talks in Lima on Monday, seeking to ease "
            "a long fishing dispute.")
    got = codes(d)
    assert ("037", "Chile", "Peru") in got and ("037", "Peru", "Chile") in got, got


def test_a_hope_about_anothers_act_is_no_intent_of_the_hoper(run):
    # "hoped" (the tagger's lemma is "hop") is an intent head only over its own act
    d = run("Chile hopes it will sign a trade treaty with Peru.")
    assert [c for c in codes(d) if c[0].startswith("03") and c[1] == "Chile"], codes(d)
    d = run("The Chilean minister hoped Peruvian officials would be punished by the court.")
    assert not [e for e in d.events if e.cameo.startswith("03")], codes(d)
    assert all(e.modality == "hypothetical" for e in d.events), \
        [(e.cameo, e.modality) for e in d.events]


def test_wanting_another_to_act_is_an_appeal_to_them(run):
    # CAMEO 02: "X wants Y to do Z" calls on Y; not X's own intent (03)
    d = run("Chile wants Peru to sign the treaty.")
    assert [c for c in codes(d) if c[0].startswith("02") and c[1] == "Chile"
            and c[2] == "Peru"], codes(d)
    d = run("Chile would like Peru to withdraw its troops.")
    assert ("0256", "Chile", "Peru") in codes(d), codes(d)


def test_a_suspension_of_ties_reduces_relations(run):
    # eventive nouns of CAMEO 16 (reduce relations): 164 halts negotiations
    d = run("Chile announced the suspension of talks with Bolivia.")
    assert ("164", "Chile", "Bolivia") in codes(d), codes(d)
