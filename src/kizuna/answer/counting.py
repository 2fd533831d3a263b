"""What a "how many" question counts, when it says so (people, patients, projects, companies, cases,
places, other things), and which units of facts.py a count in its answer may carry. Pure functions, for
kinds.answers_kind.
"""

from __future__ import annotations

import re
import unicodedata

MONEY_UNITS = ("USD", "yen", "VND")

# what a "how many" question counts, when it says so, as facts.py's canonical units: "how many people /
# HAE patients / Japanese companies", 何人, 何件, 何社, bao nhiêu người / dự án. Its answer may count in a
# compatible unit (patients are people; 件 counts cases and projects alike) or in none ("7,500 healthcare
# professionals"), but not in another known one: "52 years" or "78 billion USD" do not say how many people.
_PEOPLE_NOUNS = (
    "people|persons|participants|attendees|nurses|doctors|physicians|workers|staff|students|trainees"
    "|professionals|experts|residents|citizens|caregivers|employees|volunteers|visitors|children|members"
)
_COUNTED = (
    ("patients", re.compile(r"\bhow many (?:[\w-]+ ){0,2}?patients\b|何人の患者|患者数|患者は何|(?:bao nhiêu|mấy) bệnh nhân", re.I)),
    (
        "people",
        re.compile(
            # "how many attended?" counts people without naming them
            rf"\bhow many (?:[\w-]+ ){{0,2}}?(?:{_PEOPLE_NOUNS})\b|\bhow many (?:attended|participated|took part|joined)\b"
            r"|何人|何名|人数|(?:bao nhiêu|mấy) (?:người|chuyên gia|y tá|bác sĩ|điều dưỡng|đại biểu|học viên|sinh viên"
            r"|thực tập sinh|lao động|cán bộ|nhân viên|nhân lực|công dân|trẻ em|ứng viên|khách|hộ lý|lượt người)",
            re.I,
        ),
    ),
    ("projects", re.compile(r"\bhow many (?:[\w-]+ ){0,2}?projects\b|プロジェクト数|(?:bao nhiêu|mấy) dự án", re.I)),
    (
        "companies",
        re.compile(
            r"\bhow many (?:[\w-]+ ){0,2}?(?:companies|firms|enterprises)\b|何社|企業数|社数"
            r"|(?:bao nhiêu|mấy) (?:công ty|doanh nghiệp)",
            re.I,
        ),
    ),
    ("cases", re.compile(r"\bhow many (?:[\w-]+ ){0,2}?cases\b|何件|件数|(?:bao nhiêu|mấy) (?:ca|trường hợp)\b", re.I)),
    # places and bodies a question counts (hospitals, provinces, centres, 何か所, 病院数, "bao nhiêu bệnh viện"):
    # no count of people answers that ("1,460万人以上の市民" does not say how many hospitals)
    (
        "places",
        re.compile(
            r"\bhow many (?:[\w-]+ ){0,2}?(?:hospitals|clinics|facilities|centres|centers|provinces|cities|countries"
            r"|schools|universities|institutions|sites|branches|offices|plants|factories)\b"
            r"|何(?:校|か所|カ所|ヶ所|箇所|か国|カ国|ヵ国|ヶ国|機関|施設|病院)|(?:病院|施設|機関|拠点|センター|国|都市)の?数"
            r"|(?:bao nhiêu|mấy) (?:bệnh viện|cơ sở|tỉnh|thành phố|quốc gia|nước|trung tâm|trường|nhà máy|chi nhánh)",
            re.I,
        ),
    ),
    # any other thing a question counts by name (devices, doses, 何台, "bao nhiêu thiết bị"): no sum of money,
    # share, age or length of time answers it; people may (a noun for people this list lacks: "officials")
    (
        "things",
        re.compile(
            r"\bhow many (?!(?:dollars|euros|yen|dong|usd|vnd)\b)"
            r"(?:(?!(?:did|does|do|is|was|were|are|has|have|had|will|would|can|could)\b)[\w-]+ ){0,2}?"
            r"(?!(?:its|this|has|was|is|does|years|millions|billions|thousands)\b)[a-z]{3,}s\b"
            r"|何(?:台|本|回|種類)"
            r"|(?:bao nhiêu|mấy) (?!lượt|năm|tháng|ngày|giờ|tuần|phút|tuổi|tiền|vốn|đô|usd|yên|đồng|kinh phí|ngân sách"
            r"|phần trăm|tỷ|triệu|nghìn|ngàn|%)[^\W\d_]",
            re.I,
        ),
    ),
)
_COMPATIBLE = {
    "people": {"people", "patients"},
    "patients": {"patients", "people", "cases"},
    "projects": {"projects", "cases"},
    "companies": {"companies"},
    "cases": {"cases", "patients", "projects"},
}
_NOT_THINGS = {"years old", "years", "%", *MONEY_UNITS}
_NOT_PLACES = {"people", "patients", *_NOT_THINGS}


def counted_unit(question: str) -> str | None:
    """The unit a "how many" question counts in (a canonical unit of facts.py), or None when it names none."""
    q = unicodedata.normalize("NFKC", question)
    return next((unit for unit, pattern in _COUNTED if pattern.search(q)), None)


def counts_as(unit: str | None, wanted: str) -> bool:
    """May a count in this unit (facts.py's; None when it names none) answer a question counting `wanted`?"""
    if wanted in ("things", "places"):
        return unit not in (_NOT_THINGS if wanted == "things" else _NOT_PLACES)
    return unit is None or unit in _COMPATIBLE[wanted]
