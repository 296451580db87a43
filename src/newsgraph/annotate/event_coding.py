"""CAMEO composition: what an act becomes under an intent, a refusal, a demand or a threat.

CAMEO codes the expression of intent, the request, the refusal and the threat of an act
as categories of their own, each with sub-codes that mirror the act's: an offer to provide
economic aid is 0331 ("express intent to provide economic aid"), a demand for the release
of prisoners 1053, a refusal to meet 125, a threat to attack 138. These tables map the
act's code to the composed one, following the codebook's parallel structure:

    act root:    04 meet   05 diplomatic  06 material  07 aid  08 yield  (0841 release ...)
    intent  03:  036       032            031(1-4)     033(1-4) 035(1-6) (0353)
    appeal  02:  026       022            021(1-4)     023(1-4) 025(1-6) (0253)
    demand  10:  106       102            101(1-4)     103(1-4) 105(1-6) (1052)
    reject  12:  125       120            121(1-4)     122(1-4) 124(1-6) (1243)

A conflictual act under an intent or a threat is a threat (13): "vowed to attack" and
"threatened to attack" are 138, "threatened sanctions" 1312, "threatened to break off
relations" 1313.
"""

from __future__ import annotations

from . import event_lexicon as L

__all__ = ["compose", "HEADS"]

# act -> second and third digits (and optional fourth) of the composed code, per kind
_INTENT = {"04": "6", "045": "9", "046": "6", "05": "2", "057": "0", "06": "1", "07": "3",
           "08": "5", "083": "4", "084": "53", "0841": "53", "085": "54", "086": "55",
           "087": "56", "081": "51", "082": "52", "037": "7", "038": "8", "039": "9"}
_APPEAL = {"04": "6", "045": "8", "046": "6", "05": "2", "057": "7", "06": "1", "07": "3",
           "08": "5", "083": "4", "084": "53", "0841": "53", "085": "54", "086": "55",
           "087": "56", "081": "51", "082": "52", "037": "7", "038": "8"}
_REJECT = {"03": "5", "04": "5", "045": "6", "046": "5", "036": "5", "037": "7", "057": "7",
           "06": "1", "07": "2", "08": "4", "083": "3", "084": "43", "0841": "43",
           "085": "44", "086": "45", "087": "46", "081": "41", "082": "42"}
# fourth digit: the sub-kind of material cooperation or aid (0611 -> 0311, 072 -> 0332)
_SUB = {"061": "1", "062": "2", "063": "3", "064": "4", "071": "1", "072": "2", "073": "3",
        "074": "4"}
_THREAT = {"16": "1", "161": "13", "162": "11", "163": "12", "166": "6", "17": "0",
           "172": "2", "173": "0", "174": "6", "175": "7", "1723": "23", "1724": "24",
           "18": "8", "19": "8", "191": "81", "192": "82", "15": "8", "20": "85",
           "204": "85", "14": "3", "164": "4", "165": "5"}


def _lookup(table: dict[str, str], code: str) -> str | None:
    for k in (code, code[:3], code[:2]):
        if k in table:
            return table[k]
    return None


def _valid(code: str) -> str:
    """The code itself if the codebook has it, else its closest parent."""
    for c in (code, code[:3], code[:2]):
        if L.info(c) is not None:
            return c
    return code[:2]


_DEFAULT = {"intent": "030", "appeal": "020", "demand": "100", "reject": "120",
            "threat": "130"}
_BASE = {"intent": "03", "appeal": "02", "demand": "10", "reject": "12"}
_TABLE = {"intent": _INTENT, "appeal": _APPEAL, "demand": _APPEAL, "reject": _REJECT}


def compose(kind: str, act: str | None) -> str:
    """The code of ``kind`` ("intent" | "appeal" | "demand" | "reject" | "threat") applied
    to an act coded ``act`` (None: the act is unknown or not an event)."""
    if not act or act == "-":
        return _DEFAULT[kind]
    root = int(act[:2])
    if kind == "threat" or (kind == "intent" and root >= 13):
        if root >= 13:
            return _valid("13" + (_lookup(_THREAT, act) or "0"))
        return _DEFAULT["threat"]
    if root <= 2 or root >= 9:
        # an intent to appeal or to criticise is that act; a refusal of a statement, a
        # demand for an accusation: only the kind is known
        return act if kind == "intent" and root != 9 else _DEFAULT[kind]
    if root == 3:
        return act if kind == "intent" else _valid(_BASE[kind] + (_lookup(_TABLE[kind], act)
                                                                    or "0"))
    tail = _lookup(_TABLE[kind], act)
    if tail is None:
        return _DEFAULT[kind]
    code = _BASE[kind] + tail
    if len(tail) == 1 and act[:3] in _SUB:
        code += _SUB[act[:3]]
    return _valid(code)


# Verbs (lemmas) that govern an act instead of being one: the act in their complement is
# composed with their kind. The intent verbs include volition and plans ("seek to",
# "hope to", "would like to"); "agree to" is an intent in CAMEO (03).
HEADS: dict[str, str] = {
    **{v: "intent" for v in (
        "offer", "promise", "pledge", "vow", "agree", "plan", "intend", "want", "wish",
        "hope", "seek", "decide", "aim", "prepare", "volunteer", "commit", "undertake",
        "propose", "like", "love", "resolve", "invite")},
    **{v: "reject" for v in ("refuse", "decline", "reject", "rebuff", "spurn", "oppose",
                             "resist")},
    # an invitation to visit is an intent to meet (PLOVER AGREE: "invite a delegation")
    **{v: "appeal" for v in ("ask", "appeal", "urge", "request", "implore", "beg",
                             "encourage", "call", "press", "advise")},
    **{v: "demand" for v in ("demand", "insist", "pressure", "pressurise", "pressurize",
                             "order", "force", "compel", "require")},
    **{v: "threat" for v in ("threaten", "warn")},
}
# adjectives that make "be ADJ to do" an intent ("ready to", "willing to")
INTENT_ADJ = {"ready", "willing", "prepared", "eager", "keen", "determined", "happy",
              "open", "committed", "set", "poised"}
# nouns of intent, refusal, appeal and threat: "an offer of talks", "a call for calm"
NOUN_HEADS: dict[str, str] = {
    **{n: "intent" for n in ("offer", "promise", "pledge", "commitment", "willingness",
                             "readiness", "eagerness", "determination", "intention", "vow",
                             "proposal", "plan", "desire", "wish", "bid", "invitation")},
    **{n: "reject" for n in ("refusal", "rejection")},
    **{n: "appeal" for n in ("call", "appeal", "request", "plea")},
    # an ultimatum is CAMEO 139 ("give ultimatum", a threat) whatever it demands
    **{n: "demand" for n in ("demand",)},
    **{n: "threat" for n in ("threat", "warning")},
}
