"""The SQLite store: the only package that speaks SQL.

``db`` opens and migrates a store file, ``schema`` holds the numbered migrations, ``write``
and ``actors`` write linked batches as ``newsgraph.link`` decided them (one transaction
each), ``lookups`` answers the linker's narrow questions, ``read`` the read-side queries.
The store decides nothing and imports no deciding package (clean, annotate, link).
The layout is documented in README.md ("The store").
"""

from .db import Store, open_store
from .schema import VERSION

__all__ = ["Store", "open_store", "VERSION"]
