"""The SQLite store: the only package that speaks SQL.

``db`` opens and migrates a store file, ``schema`` holds the numbered migrations, ``write``
stores processed batches (one transaction each), ``read`` answers the read-side queries.
The layout is documented in README.md ("The store").
"""

from .db import Store, open_store
from .schema import VERSION

__all__ = ["Store", "open_store", "VERSION"]
