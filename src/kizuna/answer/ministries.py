"""Government ministries named in English, Japanese or Vietnamese, so a claim can be held against a source
in another language: "Bộ Tài chính" (Ministry of Finance) where the source says the Ministry of Planning and
Investment. Names of people are compared within one script (claims.differences) or read through JMnedict
(people.people_differences); countries and cities are in places.py. A ministry is translated rather than
spelled alike, and neither dictionary maps "Bộ Ngoại giao" to "Ministry of Foreign Affairs" (外交 glosses "diplomacy").

The table is a gazetteer of the two governments this corpus is about, grouped by what a ministry does,
not by country: a claim that calls Japan's Ministry of Health, Labour and Welfare "the health ministry" does
not name another ministry; its minister names it too ("Deputy Minister of Health", 保健副大臣). Groups are
compared, never single spellings.
"""

from __future__ import annotations

from kizuna.answer.gazetteer import Gazetteer

# group → names: lower-case English and unaccented Vietnamese phrases, Japanese words, and abbreviations
# (upper-case letters: matched case-sensitively as whole words)
MINISTRIES: dict[str, tuple[str, ...]] = {
    "health": (
        "ministry of health", "ministry of health, labour and welfare", "ministry of health, labor and welfare",
        "health ministry", "minister of health", "health minister", "bo y te", "bo truong y te", "保健省", "厚生労働省",
        "厚労省", "保健大臣", "保健副大臣", "厚生労働大臣", "MoH", "MOH", "MHLW",
    ),
    "foreign affairs": (
        "ministry of foreign affairs", "foreign ministry", "minister of foreign affairs", "foreign minister",
        "bo ngoai giao", "bo truong ngoai giao", "外務省", "外務大臣", "外相", "MOFA", "MoFA",
    ),
    "finance": ("ministry of finance", "finance ministry", "bo tai chinh", "財務省", "財政省", "MOF", "MoF"),
    "planning and investment": (
        "ministry of planning and investment", "bo ke hoach va dau tu", "bo ke hoach - dau tu", "計画投資省",
        "MPI", "MoPI",
    ),
    "justice": ("ministry of justice", "justice ministry", "bo tu phap", "法務省", "司法省", "MOJ", "MoJ"),
    "labour and social affairs": (
        "ministry of labour, invalids and social affairs", "ministry of labor, invalids and social affairs",
        "bo lao dong", "労働・傷病兵・社会問題省", "労働傷病兵社会問題省", "MOLISA",
    ),
    "public security": ("ministry of public security", "bo cong an", "公安省", "MPS"),
    "information and communications": (
        "ministry of information and communications", "bo thong tin va truyen thong", "情報通信省",
    ),
    "home affairs": (
        "ministry of home affairs", "ministry of internal affairs and communications", "bo noi vu", "内務省",
        "総務省",
    ),
    "science and technology": ("ministry of science and technology", "bo khoa hoc va cong nghe", "科学技術省"),
    "education": (
        "ministry of education and training", "ministry of education, culture, sports, science and technology",
        "ministry of education", "bo giao duc va dao tao", "bo giao duc", "教育訓練省", "文部科学省", "MOET", "MEXT",
    ),
    "industry and trade": (
        "ministry of industry and trade", "ministry of economy, trade and industry", "bo cong thuong", "商工省",
        "経済産業省", "MOIT", "METI",
    ),
    "defence": (
        "ministry of national defence", "ministry of defence", "ministry of defense", "bo quoc phong", "国防省",
        "防衛省",
    ),
    "construction": ("ministry of construction", "bo xay dung", "建設省"),
    "transport": (
        "ministry of transport", "ministry of land, infrastructure, transport and tourism",
        "bo giao thong van tai", "交通運輸省", "運輸省", "国土交通省", "MLIT",
    ),
    "environment": (
        "ministry of natural resources and environment", "ministry of the environment", "bo tai nguyen va moi truong",
        "天然資源環境省", "環境省", "MONRE",
    ),
    "agriculture": (
        "ministry of agriculture and rural development", "ministry of agriculture, forestry and fisheries",
        "bo nong nghiep", "農業農村開発省", "農林水産省", "MARD", "MAFF",
    ),
    "culture": ("ministry of culture, sports and tourism", "bo van hoa", "文化スポーツ観光省"),
}


MINISTRY_NAMES = Gazetteer(MINISTRIES)
mentions = MINISTRY_NAMES.mentions
