"""Names that are translated rather than spelled alike, looked up in a table of their forms in English,
Vietnamese and Japanese, so a claim can be held against a source in another language: "Bộ Tài chính"
(Ministry of Finance) where the source says 計画投資省, "Hàn Quốc" where it says シンガポール. Names of people
are read elsewhere (claims.differences within one script; japanese_names.japanese_people through JMnedict).

A table maps a group (one ministry, one country, one city) to its names. Groups are compared, never single
spellings: "the health ministry" and 保健省 name the same group.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cached_property, lru_cache

from kizuna.ingest.text import fold_diacritics

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_KATAKANA = "\u30a1-\u30fa\u30fc"  # ァ … ヺ and the long-vowel mark
# a Latin name ends where Latin letters and digits do, also beside Japanese ("ASEAN諸国", "JICAと")
_LATIN = r"[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff]"


class Gazetteer:
    """One table: group → names. A name is matched by how it is written:
    - Japanese: as written; one that starts or ends in katakana not inside a longer katakana word
      (インド is not in インドネシア, タイ not in タイトル);
    - with a capital letter (MoH, "Lào", "Ấn Độ"): as written, as a whole word, where the lower-case form
      would be another word ("lao" is tuberculosis, "pháp" law);
    - otherwise an English or unaccented Vietnamese phrase, in the folded, lower-cased text ("bo y te").
    """

    def __init__(self, table: dict[str, tuple[str, ...]], also: dict[str, tuple[str, ...]] | None = None):
        self.table = table
        self.mentions = lru_cache(maxsize=4096)(self._mentions)
        self.names_in = lru_cache(maxsize=4096)(self._names_in)  # per candidate sentence, through claims.names
        # names that show a group is spoken of without naming it (adjectives: "Japanese")
        self._also = Gazetteer(also) if also else None

    def speaks_of(self, group: str, text: str) -> bool:
        """Does the text name the group, or speak of it (the Japanese Government speaks of Japan)?"""
        return group in self.mentions(text) or bool(self._also and group in self._also.mentions(text))

    def adjectives(self, text: str) -> dict[str, str]:
        """The groups a text speaks of without naming them (Japanese → Japan): group → the word it uses."""
        return self._also.mentions(text) if self._also else {}

    def names_spoken(self, text: str) -> frozenset[str]:
        """names_in, and the names that speak of a group without naming it (Japanese, Vietnamese)."""
        return self.names_in(text) | (self._also.names_in(text) if self._also else frozenset())

    @cached_property
    def _patterns(self) -> tuple[tuple[str, re.Pattern, bool], ...]:
        """(group, pattern, as written) for every name, longest first so that "Ministry of Health, Labour
        and Welfare" is taken whole before "Ministry of Health" could be."""
        out = []
        for group, names in self.table.items():
            for name in names:
                if _JAPANESE.search(name):
                    before = rf"(?<![{_KATAKANA}])" if re.match(rf"[{_KATAKANA}]", name) else ""
                    after = rf"(?![{_KATAKANA}])" if re.search(rf"[{_KATAKANA}]$", name) else ""
                    out.append((group, name, re.compile(before + re.escape(name) + after), True))
                elif any(c.isupper() for c in name):
                    out.append((group, name, re.compile(rf"(?<!{_LATIN}|-){re.escape(name)}(?!{_LATIN}|-)"), True))
                else:
                    out.append((group, name, re.compile(rf"(?<!{_LATIN}){re.escape(name)}(?!{_LATIN})"), False))
        out.sort(key=lambda item: len(item[1]), reverse=True)
        return tuple((group, pattern, exact) for group, _, pattern, exact in out)

    def _mentions(self, text: str) -> dict[str, str]:
        """The groups a text names, in the order it names them: group → the name it first uses for it,
        as the text writes it."""
        found: dict[str, tuple[int, str]] = {}
        for start, group, shown in self._scan(text):
            if group not in found or start < found[group][0]:
                found[group] = (start, shown)
        return {group: shown for group, (_, shown) in sorted(found.items(), key=lambda item: item[1][0])}

    def _names_in(self, text: str) -> frozenset[str]:
        """Every name of a group the text uses, as written ("日本貿易振興機構（JETRO）" uses two)."""
        return frozenset(shown for _, _, shown in self._scan(text))

    def _scan(self, text: str) -> list[tuple[int, str, str]]:
        """(start, group, name as written) for every name the text uses."""
        written = unicodedata.normalize("NFKC", text)
        folded = fold_diacritics(written).lower()  # English and Vietnamese phrases are looked for here
        # folding keeps each letter one character long (Bộ → bo), so a span of the folded text is the same
        # span of the written one; if some rare character breaks that, the folded name is shown instead
        aligned = len(folded) == len(written)
        out = []
        for group, pattern, exact in self._patterns:
            for m in pattern.finditer(written if exact else folded):
                start, end = m.span()
                out.append((start, group, written[start:end] if exact or aligned else m.group(0)))
                # blanked, so a shorter name of another group is not found inside this one
                blank = " " * (end - start)
                if exact or aligned:
                    written = written[:start] + blank + written[end:]
                if not exact or aligned:
                    folded = folded[:start] + blank + folded[end:]
        return out
