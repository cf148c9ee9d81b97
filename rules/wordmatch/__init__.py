"""Word-list matching for Gardien rules: `fold` text to one canonical spelling and find
listed words or phrases in it, whatever the case, accents, look-alike letters, invisible
characters, leetspeak, repeated letters or spelled-out letters."""

from .matcher import WordMatcher
from .normalize import fold
from .union import WordUnion

__all__ = ["WordMatcher", "WordUnion", "fold"]
