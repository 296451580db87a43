"""newsgraph: raw news in, a cited knowledge base of actors, quotes, times and events out."""

__version__ = "0.1.0"
