"""Diseases named in English, Vietnamese or Japanese (gazetteer.Gazetteer), so a claim that puts one in place
of another can be held against a source in another language: "…phòng, chống bệnh lao giữa Cục Phòng bệnh
Việt Nam và JICA" (tuberculosis) where the source says "Improving the Prevention and Control of Viral
Hepatitis between the Vietnam Administration of Disease Prevention and JICA"; and a claim about one is not
borne out by a passage that never names it.

The diseases of public-health programmes a reader of this field asks about. Vietnamese names are written
folded (no diacritics, lower case), as the gazetteer looks for them; a bare one that is also another word is
given with the word before it ("lao" is also labour in "Lao động", "cúm" folds as "cụm", a cluster).
"""

from __future__ import annotations

from kizuna.answer.gazetteer import Gazetteer

DISEASES: dict[str, tuple[str, ...]] = {
    "tuberculosis": ("tuberculosis", "benh lao", "lao phoi", "chong lao", "結核"),
    "hepatitis": ("hepatitis", "viem gan", "肝炎"),
    "dengue": ("dengue", "sot xuat huyet", "デング"),
    "malaria": ("malaria", "sot ret", "マラリア"),
    "hae": ("hereditary angioedema", "HAE", "phu mach di truyen", "遺伝性血管性浮腫", "遺伝性血管浮腫"),
    "covid-19": ("covid-19", "covid", "sars-cov-2", "新型コロナ", "コロナウイルス感染症"),
    "hiv": ("HIV", "AIDS", "エイズ"),
    "influenza": ("influenza", "benh cum", "cum gia cam", "インフルエンザ"),
    "measles": ("measles", "benh soi", "麻疹", "はしか"),
    "polio": ("polio", "bai liet", "ポリオ"),
    "diabetes": ("diabetes", "tieu duong", "dai thao duong", "糖尿病"),
    "stroke": ("stroke", "dot quy", "脳卒中"),
    "cerebral palsy": ("cerebral palsy", "bai nao", "脳性麻痺"),
    "autism": ("autism", "tu ky", "自閉症"),
    "cancer": ("cancer", "ung thu", "がん", "癌"),
    "rabies": ("rabies", "benh dai", "狂犬病"),
}

DISEASE_NAMES = Gazetteer(DISEASES)
