"""Hospitals, international organisations and the departments of Vietnam's Ministry of Health named in
English, Vietnamese or Japanese (gazetteer.Gazetteer),
so a claim that credits another one can be held against a source in another language: "Bach Mai
Hospital reviewed the protocol" where the source says ヴィンメック病院, "…世界銀行が主催" where it says
"organised by … ERIA".

The hospitals are Vietnam's best-known national hospitals and the Japanese bodies that work with them; the
organisations, those that fund or run Vietnam–Japan health programmes; the departments (Cục, Vụ, 局), the
units of the Ministry of Health a reader asks about ("Who heads the Department of International
Cooperation?"), which each language names by translating (Vụ Hợp tác quốc tế, 国際協力局), so a person of
another department, or a claim crediting another one, can be told apart. Companies are not listed: they are
too many, and their names are mostly spelled alike (Takeda) or transliterated, which a table cannot cover.
"""

from __future__ import annotations

import re

from kizuna.answer.gazetteer import Gazetteer

# "which department (of the ministry) …?" asks for a unit inside a body, not the body: 保健省 does not answer
# "保健省のどの部署が…", its IT局 does. Not "which department head …?" (a person), nor どの課題 (which issue)
DEPARTMENT_ASKED = (
    r"\bwhich (?:[\w-]+ )?(?:department|bureau|division|directorate|unit|office)s?\b(?!['’])"
    r"(?!\s+(?:heads?|chiefs?|directors?|officials?|staff|spokes\w+|leaders?)\b)"
    r"|どの(?:部署|部局|局(?!面)|課(?!題)|部門)(?!の(?:担当者|責任者|局長|部長|課長))"
    r"|(?:cục|đơn vị|phòng ban) nào"
)
DEPARTMENT_QUESTION = re.compile(DEPARTMENT_ASKED, re.IGNORECASE)
# a unit inside a body, as each language names one: the Department of …, IT局, 医療サービス局, Cục Quản lý …
# (not 結局 "after all", 当局 "the authorities", 薬局 "a pharmacy", 会議室 "a meeting room", nor "Phòng chống"
# "prevention" opening a Vietnamese sentence)
UNIT_RE = re.compile(
    r"\b(?:Department|Bureau|Division|Directorate|Office|Unit|Administration|Agency|Centre|Center|Institute)\b"
    r"|[\w・]{1,12}?(?:(?<![結当薬])局|課(?!題)|(?<!会議)(?<!教)室|庁|部門|本部|センター)"
    r"|\b(?:Cục|Vụ|Viện|Trung tâm|Văn phòng|Phòng) [A-ZĐ]"
)

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
    # other countries' aid agencies, which a claim may credit in place of JICA
    "koica": ("korea international cooperation agency", "KOICA", "co quan hop tac quoc te han quoc", "韓国国際協力団"),
    "giz": ("GIZ", "german agency for international cooperation", "ドイツ国際協力公社"),
    "afd": ("agence francaise de developpement", "french development agency", "AFD", "フランス開発庁"),
    "jbic": ("japan bank for international cooperation", "JBIC", "国際協力銀行"),
    "undp": ("united nations development programme", "UNDP", "chuong trinh phat trien lien hop quoc", "国連開発計画"),
}

# the Ministry of Health's departments and administrations (its own English names, and those the press uses)
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "international cooperation": (
        "department of international cooperation", "international cooperation department", "vu hop tac quoc te",
        "国際協力局",
    ),
    "science, technology and training": (
        "administration of science, technology and training", "administration of science technology and training",
        "department of science, technology and training", "department of science and training",
        "cuc khoa hoc cong nghe va dao tao", "科学技術訓練局",
    ),
    "medical services": (
        "medical services administration", "medical service administration", "administration of medical services",
        "department of medical services", "department of medical examination and treatment",
        "cuc quan ly kham chua benh", "cuc quan ly kham, chua benh", "医療サービス局",
    ),
    "information technology": (
        "department of information technology", "information technology department", "cuc cong nghe thong tin",
        "IT局", "情報技術局",
    ),
    "disease prevention": (
        "administration of disease prevention", "department of disease prevention", "department of preventive medicine",
        "general department of preventive medicine", "cuc phong benh", "cuc y te du phong", "予防医学局", "疾病予防局",
    ),
    "drug administration": (
        "drug administration of vietnam", "vietnam drug administration", "cuc quan ly duoc", "医薬品管理局", "医薬品局",
    ),
    "traditional medicine": (
        "administration of traditional medicine", "cuc quan ly y duoc co truyen", "cuc quan ly y, duoc co truyen",
        "伝統医学管理局",
    ),
    "food safety": ("vietnam food administration", "food safety authority", "cuc an toan thuc pham", "食品安全局"),
    "medical equipment": (
        "department of medical equipment and construction", "department of infrastructure and medical equipment",
        "vu trang thiet bi va cong trinh y te", "医療機器・建設局",
    ),
    "planning and finance": (
        "department of planning and finance", "vu ke hoach - tai chinh", "vu ke hoach tai chinh", "計画財務局",
    ),
    "personnel": (
        "department of organisation and personnel", "department of organization and personnel",
        "department of personnel and organisation", "department of personnel and organization", "vu to chuc can bo",
        "組織人事局",
    ),
    "health insurance": ("department of health insurance", "vu bao hiem y te", "医療保険局"),
    "maternal and child health": (
        "department of maternal and child health", "vu suc khoe ba me - tre em", "vu suc khoe ba me tre em", "母子保健局",
    ),
    "health environment": (
        "health environment management agency", "cuc quan ly moi truong y te", "保健環境管理局",
    ),
}

HOSPITAL_NAMES = Gazetteer(HOSPITALS)
DEPARTMENT_NAMES = Gazetteer(DEPARTMENTS)
ORGANISATION_NAMES = Gazetteer(ORGANISATIONS)
