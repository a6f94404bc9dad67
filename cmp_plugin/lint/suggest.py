"""The known name a misspelt one most likely means: the "did you mean …?" of the findings.

Shared by the rules that name a key or a label that does not exist (`unknown-key`,
`undefined-release`) and by the lint configuration (a rule id that is no rule): a rule
module imports no other rule module.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(key: str, known: Iterable[str]) -> str | None:
    """The known key `key` most likely misspells (same letters ignoring case, or difflib's
    closest at 0.8), else None."""
    by_lower: dict[str, str] = {}
    for name in sorted(known):
        by_lower.setdefault(name.lower(), name)
    if key.lower() in by_lower and by_lower[key.lower()] != key:
        return by_lower[key.lower()]
    close = difflib.get_close_matches(key.lower(), list(by_lower), n=1, cutoff=0.8)
    return by_lower[close[0]] if close else None
