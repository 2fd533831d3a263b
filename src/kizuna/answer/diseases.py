"""Diseases named in English, Vietnamese or Japanese, so a claim that puts one in place of another can be held
against a source in another language: "…phòng, chống bệnh lao giữa Cục Phòng bệnh Việt Nam và JICA"
(tuberculosis) where the source says "Improving the Prevention and Control of Viral Hepatitis between the
Vietnam Administration of Disease Prevention and JICA".

The diseases of public-health programmes a reader of this field asks about. Unlike gazetteer.Gazetteer, names
are matched with their diacritics, as whole words: folded, Vietnamese disease names are other words ("tự kỷ"
folds as "từ kỳ", "bệnh lao" as "bệnh lão khoa", "bại não" as "bài nào"); and a short Japanese name not inside
a longer word (はしか in "それはしかたない" is no measles, so it is not listed).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# group → patterns (case-insensitive unless an acronym; \b is Unicode-aware, so "Lao động" is no "lao")
_DISEASES: dict[str, tuple[str, ...]] = {
    "tuberculosis": (r"\btuberculosis\b", r"\bbệnh lao\b(?! động)", r"\blao phổi\b", "結核"),
    "hepatitis": (r"\bhepatitis\b", r"\bviêm gan\b", "肝炎"),
    "dengue": (r"\bdengue\b", r"\bsốt xuất huyết\b", "デング"),
    "malaria": (r"\bmalaria\b", r"\bsốt rét\b", "マラリア"),
    "hae": (r"\bhereditary angioedema\b", r"(?-i:\bHAE\b)", r"\bphù mạch di truyền\b", "遺伝性血管性?浮腫"),
    "covid-19": (r"\bcovid(?:-?19)?\b", r"\bsars-cov-2\b", "新型コロナ", "コロナ禍"),
    "hiv": (r"(?-i:\bHIV\b)", r"(?-i:\bAIDS\b)", "エイズ"),
    "influenza": (r"\binfluenza\b", r"\bcúm\b", "インフルエンザ"),
    "measles": (r"\bmeasles\b", r"\bbệnh sởi\b", "麻疹"),
    "polio": (r"\bpolio\b", r"\bbại liệt\b", "ポリオ", "小児麻痺"),
    "diabetes": (r"\bdiabetes\b", r"\btiểu đường\b", r"\bđái tháo đường\b", "糖尿病"),
    "stroke": (r"\bstrokes?\b(?! of)", r"\bđột quỵ\b", r"\btai biến mạch máu não\b", "脳卒中"),
    "cerebral palsy": (r"\bcerebral palsy\b", r"\bbại não\b", "脳性麻痺"),
    "autism": (r"\bautism\b", r"\btự kỷ\b", "自閉症"),
    "cancer": (r"\bcancers?\b", r"\bung thư\b", "癌", "がん(?![ばこ])", "(?<![ァ-ヺー])ガン(?![ァ-ヺー])"),
    "rabies": (r"\brabies\b", r"\bbệnh dại\b", "狂犬病"),
}
_PATTERNS = tuple(
    (group, re.compile(pattern, re.IGNORECASE)) for group, patterns in _DISEASES.items() for pattern in patterns
)


@lru_cache(maxsize=4096)
def disease_mentions(text: str) -> dict[str, str]:
    """The diseases a text names, in the order it names them: group → the name as the text writes it."""
    text = unicodedata.normalize("NFC", text)
    found: dict[str, tuple[int, str]] = {}
    for group, pattern in _PATTERNS:
        m = pattern.search(text)
        if m and (group not in found or m.start() < found[group][0]):
            found[group] = (m.start(), m.group(0))
    return {group: shown for group, (_, shown) in sorted(found.items(), key=lambda item: item[1][0])}
