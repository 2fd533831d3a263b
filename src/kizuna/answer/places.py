"""Countries, cities and world regions named in English, Vietnamese or Japanese (gazetteer.Gazetteer), so a claim that
puts a programme in another country or city can be held against a source in another language: "Đức và Hàn
Quốc" where the source says ドイツおよびシンガポール.

Cities are the ones a Vietnam–Japan collection names most: Vietnam's five centrally run cities and a few
provincial capitals, Japan's largest cities. A city is never compared with a country or a prefecture
(Yokohama is in Kanagawa: a claim that says one where the source says the other does not differ).
Names that are also common words or given names are matched as written (capitalised, whole words) or
only in phrases that make them a place: Vietnamese "Đức" (Germany) is also a given name (Vũ Đức Đam), so
only "nước Đức", "với Đức" … count.
"""

from __future__ import annotations

import re

from kizuna.answer.gazetteer import Gazetteer

# questions asking for a city, a province or a district (kinds.py: a place question; answered by one of those)
PLACE_ASKED = (
    r"\b(?:which|what|in what) (?:city|cities|provinces?|prefectures?|districts?)\b|どの(?:都市|県|市|区)|どこの(?:都市|県|市)"
    r"|何市|何県|何区|thành phố nào|tỉnh nào|quận nào|huyện nào"
)
CITY_QUESTION = re.compile(PLACE_ASKED, re.IGNORECASE)
# "which district of HCM City …?" asks for a district, which the city does not give: a named one (District 7,
# Binh Thanh District, quận 7, 中央区), not "district hospitals" or 地区 (an area)
DISTRICT_QUESTION = re.compile(r"\b(?:which|what|in what) districts?\b|どの区|何区|quận nào|huyện nào", re.IGNORECASE)
DISTRICT_RE = re.compile(
    r"\bDistrict \d+|\b[A-Z][\w-]+ District\b|\b(?:[Qq]uận|[Hh]uyện) (?:\d+|[A-ZĐ])"
    r"|(?:(?!地)[\u4e00-\u9fff\u30a0-\u30ff\d])区|郡"
)

COUNTRIES: dict[str, tuple[str, ...]] = {
    "vietnam": ("vietnam", "viet nam", "socialist republic of vietnam", "ベトナム", "越南"),
    "japan": ("japan", "nhat ban", "日本"),
    "china": ("china", "trung quoc", "中国", "中華人民共和国"),
    "korea": ("korea", "south korea", "republic of korea", "han quoc", "韓国", "大韓民国"),
    "singapore": ("singapore", "singapo", "xin-ga-po", "シンガポール"),
    "germany": ("germany", "nuoc duc", "voi duc", "va duc", "tai duc", "sang duc", "cua duc", "ドイツ"),
    "thailand": ("thailand", "thai lan", "タイ王国", "タイ"),
    "laos": ("laos", "Lao PDR", "Lào", "ラオス"),
    "cambodia": ("cambodia", "campuchia", "カンボジア"),
    "indonesia": ("indonesia", "in-do-ne-xi-a", "インドネシア"),
    "philippines": ("philippines", "philippin", "phi-lip-pin", "フィリピン"),
    "malaysia": ("malaysia", "ma-lai-xi-a", "マレーシア"),
    "myanmar": ("myanmar", "mi-an-ma", "ミャンマー"),
    "india": ("india", "Ấn Độ", "インド"),
    "united states": ("united states", "USA", "U.S.", "hoa ky", "アメリカ", "米国"),
    "france": ("france", "nuoc phap", "Pháp", "フランス"),
    "united kingdom": ("united kingdom", "britain", "UK", "Vương quốc Anh", "nuoc anh", "イギリス", "英国"),
    "australia": ("australia", "Úc", "nuoc uc", "オーストラリア", "豪州"),
    "russia": ("russia", "nuoc nga", "Liên bang Nga", "ロシア"),
    "canada": ("canada", "カナダ"),
    "italy": ("italy", "nuoc y", "イタリア"),
}

CITIES: dict[str, tuple[str, ...]] = {
    "hanoi": ("hanoi", "ha noi", "ハノイ"),
    "ho chi minh city": (
        "ho chi minh city", "thanh pho ho chi minh", "tp ho chi minh", "tp. ho chi minh", "tp.hcm", "tp hcm",
        "hcm city", "HCMC", "HCM", "saigon", "sai gon", "ホーチミン", "サイゴン",
    ),
    "da nang": ("da nang", "danang", "ダナン"),
    "hai phong": ("hai phong", "haiphong", "ハイフォン"),
    "can tho": ("can tho", "カントー"),
    "hue": ("Hue", "Huế", "フエ"),
    "nha trang": ("nha trang", "ニャチャン"),
    "tokyo": ("tokyo", "to-ky-o", "東京"),
    "osaka": ("osaka", "大阪"),
    "kyoto": ("kyoto", "京都"),
    "yokohama": ("yokohama", "横浜"),
    "kobe": ("kobe", "神戸"),
    "nagoya": ("nagoya", "名古屋"),
    "fukuoka": ("fukuoka", "福岡"),
    "sapporo": ("sapporo", "札幌"),
    "himeji": ("himeji", "姫路"),
    "hiroshima": ("hiroshima", "広島"),
    "sendai": ("sendai", "仙台"),
}

REGIONS: dict[str, tuple[str, ...]] = {
    "western pacific": ("western pacific", "tay thai binh duong", "西太平洋"),
    "asia-pacific": ("asia-pacific", "asia pacific", "chau a - thai binh duong", "chau a-thai binh duong", "アジア太平洋"),
    "southeast asia": ("southeast asia", "south-east asia", "dong nam a", "東南アジア"),
    "east asia": ("east asia", "dong a", "東アジア"),
    "asia": ("asia", "chau a", "アジア"),
    "europe": ("europe", "chau au", "欧州", "ヨーロッパ"),
    "africa": ("africa", "chau phi", "アフリカ"),
}

# a country's people and things: they show the country is spoken of ("the Japanese Government" is 日本政府),
# but never stand in for another ("the Vietnamese Prime Minister … his Japanese counterpart" names both)
NATIONALITIES: dict[str, tuple[str, ...]] = {
    "vietnam": ("vietnamese", "nguoi viet"),
    "japan": ("japanese", "nguoi nhat", "phia nhat"),
    "china": ("chinese",),
    "korea": ("korean",),
    "singapore": ("singaporean",),
    "germany": ("german",),
    "indonesia": ("indonesian",),
    "malaysia": ("malaysian",),
    "india": ("indian",),
    "united states": ("american",),
    "france": ("french",),
    "united kingdom": ("british",),
    "australia": ("australian",),
    "russia": ("russian",),
    "canada": ("canadian",),
    "italy": ("italian",),
}

COUNTRY_NAMES = Gazetteer(COUNTRIES, also=NATIONALITIES)
REGION_NAMES = Gazetteer(REGIONS)
CITY_NAMES = Gazetteer(CITIES)

# a capital stands for its government in news prose ("Tokyo and Hanoi have agreed…" for "the two governments
# have agreed"); only where a claim is borne out, never for a question's place or a contradiction
# the country each city of CITIES is in: a text that names Himeji or ダナン speaks of Japan or Vietnam
_VIETNAMESE_CITIES = ("hanoi", "ho chi minh city", "da nang", "hai phong", "can tho", "hue", "nha trang")
_JAPANESE_CITIES = ("tokyo", "osaka", "kyoto", "yokohama", "kobe", "nagoya", "fukuoka", "sapporo", "himeji", "hiroshima", "sendai")
CITY_COUNTRY: dict[str, str] = {city: "vietnam" for city in _VIETNAMESE_CITIES} | {city: "japan" for city in _JAPANESE_CITIES}
CAPITALS: dict[str, str] = {city: CITY_COUNTRY[city] for city in ("tokyo", "hanoi")}
# a Japanese prefecture, however written (神奈川県, "Kanagawa Prefecture", tỉnh Kanagawa is not: Vietnam has tỉnh too)
_PREFECTURE = re.compile(r"[\u4e00-\u9fff]{1,3}県|\b(?!(?:The|This|That|Each|Every|Which|Its|Their)\b)[A-Z][a-z]+ Prefecture\b")


def spoken_of(gazetteer: Gazetteer, group: str, text: str) -> bool:
    """Does a text speak of the group, or of the country whose capital the group is ("Hanoi and Tokyo
    agreed"), or of a city or prefecture of the country the group is ("…ハウザン…、神奈川県は…" speaks of
    Japan)?"""
    if gazetteer.speaks_of(group, text):
        return True
    if gazetteer is COUNTRY_NAMES:
        if any(CITY_COUNTRY.get(city) == group for city in CITY_NAMES.mentions(text)):
            return True
        return group == "japan" and bool(_PREFECTURE.search(text))
    return gazetteer is CITY_NAMES and group in CAPITALS and COUNTRY_NAMES.speaks_of(CAPITALS[group], text)
