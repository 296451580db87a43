"""Function words: prose is dense in them, menus, captions and link lists are not.

English only (the annotated language); other languages fall back on the language-free cues
in ``text.py`` (length, punctuation, share of lower-case words).
"""

from __future__ import annotations

EN = frozenset("""
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does
doesn't doing don't down during each few for from further had hadn't has hasn't have haven't
having he he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll
i'm i've if in into is isn't it it's its itself just let's me more most mustn't my myself no
nor not now of off on once only or other ought our ours ourselves out over own said same
say says shan't she she'd she'll she's should shouldn't since so some such than that that's
the their theirs them themselves then there there's these they they'd they'll they're
they've this those though through to too under until up upon us very was wasn't we we'd
we'll we're we've were weren't what what's when when's where where's which while who who's
whom why why's will with won't would wouldn't you you'd you'll you're you've your yours
yourself yourselves also already although among around even ever however many may might
much must never still whether within without yet
""".split())
