"""Hospitals and international organisations named in English, Vietnamese or Japanese (gazetteer.Gazetteer),
so a claim that credits another one can be held against a source in another language: "Bach Mai
Hospital reviewed the protocol" where the source says ヴィンメック病院, "…世界銀行が主催" where it says
"organised by … ERIA".

The hospitals are Vietnam's best-known national hospitals and the Japanese bodies that work with them; the
organisations, those that fund or run Vietnam–Japan health programmes. Companies are not listed: they are
too many, and their names are mostly spelled alike (Takeda) or transliterated, which a table cannot cover.
"""

from __future__ import annotations

from kizuna.answer.gazetteer import Gazetteer

HOSPITALS: dict[str, tuple[str, ...]] = {
    "bach mai": ("bach mai hospital", "benh vien bach mai", "bach mai", "バクマイ病院", "バックマイ病院", "バクマイ"),
    "cho ray": ("cho ray hospital", "benh vien cho ray", "cho ray", "チョーライ病院", "チョーライ"),
    "viet duc": ("viet duc hospital", "viet duc university hospital", "benh vien viet duc", "ベトドク病院"),
    "vinmec": ("vinmec", "ヴィンメック", "ビンメック"),
    "national children's hospital": (
        "national children's hospital", "national children’s hospital", "benh vien nhi trung uong", "国立小児病院",
    ),
    "hue central": ("hue central hospital", "benh vien trung uong hue", "フエ中央病院"),
    "tropical diseases": (
        "national hospital for tropical diseases", "national hospital of tropical diseases",
        "benh vien benh nhiet doi trung uong", "国立熱帯病病院",
    ),
    "108": ("108 military central hospital", "benh vien trung uong quan doi 108", "108軍中央病院"),
    "geriatric": ("national geriatric hospital", "benh vien lao khoa trung uong", "国立老年病院"),
    "k hospital": ("K Hospital", "benh vien k", "国立がんセンター病院"),
    "ncgm": ("national center for global health and medicine", "NCGM", "国立国際医療研究センター"),
    "iuhw": (
        "international university of health and welfare", "IUHW", "dai hoc y te va phuc loi quoc te",
        "国際医療福祉大学",
    ),
}

ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "who": ("world health organization", "world health organisation", "WHO", "to chuc y te the gioi", "世界保健機関"),
    "world bank": ("world bank", "ngan hang the gioi", "世界銀行"),
    "adb": ("asian development bank", "ADB", "ngan hang phat trien chau a", "アジア開発銀行"),
    "jica": ("japan international cooperation agency", "JICA", "co quan hop tac quoc te nhat ban", "国際協力機構"),
    "eria": ("economic research institute for asean and east asia", "ERIA", "東アジア・アセアン経済研究センター"),
    "jetro": ("japan external trade organization", "JETRO", "日本貿易振興機構", "ジェトロ"),
    "unicef": ("unicef", "UNICEF", "ユニセフ", "国連児童基金"),
    "mej": ("medical excellence japan", "MEJ", "メディカル・エクセレンス・ジャパン"),
    "asean": ("ASEAN", "asean", "アセアン", "東南アジア諸国連合", "hiep hoi cac quoc gia dong nam a"),
    "usaid": ("USAID", "united states agency for international development"),
}

HOSPITAL_NAMES = Gazetteer(HOSPITALS)
ORGANISATION_NAMES = Gazetteer(ORGANISATIONS)
