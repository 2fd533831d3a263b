"""The counts a claim spells out ("three provinces", "one million doses", "hai trung tâm") that a sentence
does not state, or states only of other things ("three reasons"). Pure functions, for quotes.find_quote.
"""

from __future__ import annotations

import re
import unicodedata

from kizuna.answer.claims import Difference
from kizuna.answer.quantities import NOT_COUNTED, Quantity, matches, quantities, spelled_numbers
from kizuna.answer.terms import stem
from kizuna.ingest.text import is_cjk


def unstated_counts(claim: str, source: str, context: str = "", same_language: bool = False) -> list[Difference]:
    """Counts the claim spells out ("twenty topics", "hai trung tâm", "one million doses") that neither the
    sentence nor its passage states in any form: such a sentence does not bear the claim out (nor say
    otherwise). Within one language "two" is no obligation ("the two countries" may be "both"), and a count
    of other things does not state the claim's ("gave three reasons" is no "three provinces")."""
    claim = unicodedata.normalize("NFKC", claim)
    stated = quantities(source) + quantities(context) + spelled_numbers(source) + spelled_numbers(context)
    around = f"{source}\n{context}"
    return [
        Difference("number", q.text, "")
        for q in spelled_numbers(claim)
        if q.value > (2 if same_language else 1)
        and (not matches(q, stated) or (same_language and counts_other_things(q, claim, around)))
    ]


_COUNTED = re.compile(r"[\s-]+([^\W\d_]+)(?:[\s-]+([^\W\d_]+))?")


def _counted_words(text: str, end: int) -> set[str]:
    """The words after a count that name what it counts, up to two and to the first that names nothing
    (quantities.NOT_COUNTED: "three provinces were …" counts provinces), as stems ("countries", "country")."""
    m = _COUNTED.match(text, end)
    out = set()
    for word in (w.lower() for w in (m.groups() if m else ()) if w):
        if word in NOT_COUNTED:
            break
        out.add(stem(word[:-1] + "ies" if word.endswith("y") and len(word) > 3 else word))  # country: countries
    return out


def counts_other_things(count: Quantity, claim: str, text: str) -> bool:
    """Does `text` give the claim's spelled count (read from `claim`, Latin script) only of other things:
    each time it writes the number, in words or digits, neither of the two words after it is one of the two
    after the claim's? A count the text gives bare, or of the same thing, is stated."""
    claim = unicodedata.normalize("NFKC", claim)  # where spelled_numbers read the count
    if count.span is None or count.value >= 100 or is_cjk(claim[count.span[0]]):  # 三つ, 第三: no words after
        return False
    wanted = _counted_words(claim, count.span[1])
    if not wanted:
        return False
    text = unicodedata.normalize("NFKC", text)
    ends = [q.span[1] for q in spelled_numbers(text) if q.value == count.value and q.span]
    ends += [m.end() for m in re.finditer(rf"(?<![\d.,]){int(count.value)}(?![\d.,])", text)]
    return bool(ends) and all((found := _counted_words(text, end)) and not found & wanted for end in ends)
