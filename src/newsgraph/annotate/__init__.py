"""Per-document annotate stages: nlp, actors (with coreference), times, quotes, events.

Each is a pure function of an ``Annotated`` document; none looks across documents.
"""
