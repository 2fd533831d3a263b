"""Pure text helpers shared by cleaning, chunking, retrieval and evaluation."""

from __future__ import annotations

import re
import unicodedata

# Han, Hiragana, Katakana (with the long-vowel mark), half-width Katakana.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HIRA = r"\u3041-\u309f"
_KATA = r"\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
CJK_CLASS = f"{_HAN}{_HIRA}{_KATA}"
_CJK_RE = re.compile(f"[{CJK_CLASS}]")
_KANA_RE = re.compile(f"[{_HIRA}{_KATA}]")
_LATIN_RE = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# Letters that occur in Vietnamese but not in English or in most other Latin-script languages.
_VI_RE = re.compile(r"[đĐ\u0300\u0301\u0302\u0303\u0306\u0309\u031b\u0323]")
_SCRIPT_RUN_RE = re.compile(f"[{_HAN}]+|[{_HIRA}]+|[{_KATA}]+|[^\\W_{CJK_CLASS}]+")

LANGS = ("en", "ja", "vi")


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """NFKC, case-folded, all whitespace removed: the form evidence strings are matched in."""
    return re.sub(r"\s+", "", nfkc(text)).casefold()


def is_cjk(char: str) -> bool:
    return bool(_CJK_RE.match(char))


_URL_RE = re.compile(r"(?:https?://|www\.)\S+")


def without_urls(text: str) -> str:
    """Text with web addresses removed: they carry no language and only add noise to embeddings."""
    return _URL_RE.sub(" ", text)


def detect_lang(text: str) -> str:
    """'ja', 'vi' or 'en' from the script mix; good enough to route and filter, not a general detector."""
    text = without_urls(text)
    cjk = len(_CJK_RE.findall(text))
    latin = len(_LATIN_RE.findall(text))
    if cjk and (_KANA_RE.search(text) or cjk >= latin) and cjk >= 0.15 * (cjk + latin):
        return "ja"
    # Share of words carrying Vietnamese letters: a Vietnamese name in English text stays English.
    words = re.findall(r"[^\W\d_]+", text)
    marked = sum(1 for w in words if _VI_RE.search(unicodedata.normalize("NFD", w)))
    if words and marked >= 0.45 * len(words):
        return "vi"
    return "en"


def fold_diacritics(word: str) -> str:
    """Nguyễn -> nguyen, so Vietnamese spellings meet the unaccented ones used in English text."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_STOPWORDS = frozenset(
    # English
    "a an and are as at be been by did do does for from had has have how in into is it its of on or "
    "that the their there these this those to was were what when where which who whom why will with "
    "about after also any can could he her his i me my our she they us we would you your "
    # Vietnamese, diacritics folded
    "cac cai cho co cua da dang duoc gi la lam nao nhu nhung the thi trong va ve voi vao ra bao "
    "khong nay do hay hoac mot nhieu tai sao".split()
)


def tokenize(text: str) -> list[str]:
    """Tokens for BM25 in English, Vietnamese and Japanese.

    Japanese has no spaces, so runs of one script are cut into overlapping character bigrams
    (a lone kanji stays a unigram; lone kana are particles and are dropped). Latin words are
    case-folded and stripped of diacritics so Vietnamese and English spellings of a name meet.
    """
    tokens: list[str] = []
    for run in _SCRIPT_RUN_RE.findall(nfkc(text).casefold()):
        first = run[0]
        if _CJK_RE.match(first):
            if len(run) == 1:
                if not _KANA_RE.match(first):
                    tokens.append(run)
                continue
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            word = fold_diacritics(run)
            if word and word not in _STOPWORDS:
                tokens.append(word)
    return tokens


# What is not content: markup, addresses, entities; everything else that is not a letter or a digit
# (emoji, symbols, punctuation, control characters) falls out in tokenize's script runs.
_MARKUP_RE = re.compile(
    r"<!--.*?-->"  # HTML comments
    r"|<\s*(script|style)\b.*?(</\s*\1\s*>|$)"  # a script or style element with its body
    r"|</?[A-Za-z][^<>]*>?"  # tags, also one left unclosed at the end
    r"|&(#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);"  # entities
    r"|\b[a-z]+:[^\s]*\(.*?\)",  # javascript:alert(1) and the like
    re.IGNORECASE | re.DOTALL,
)
_EMAIL_RE = re.compile(r"\S+@\S+\.\S+")
_HIRAGANA_ONLY_RE = re.compile(f"[{_HIRA}]+")
_VOWELS = frozenset("aeiouy")
# Not content in a question, though BM25 keeps them (changing its list would change every index):
# Vietnamese sentence particles and question words, folded.
_QUESTION_FILLERS = frozenset("vay nhi ha chu nhe oi a u dau".split())  # not "ai": also AI


def _is_mash(word: str) -> bool:
    """A lowercase Latin "word" with no vowel: keyboard mash ("zxmcnv") or letters run into digits the way
    escape codes are ("x00", "x1f"). No English or Vietnamese word looks so.

    Acronyms and codes are written in capitals (H5N1, 57-NQ/TW) and never reach this test (see content_words).
    """
    if _VOWELS & set(word) or not word.isalnum():
        return False
    if word.isalpha():
        return len(word) >= 4
    return any(c.isalpha() for c in word) and any(c.isdigit() for c in word)


def content_words(text: str) -> list[str]:
    """The content words of a question or quote, as kizuna tokens; empty when it has none.

    Removed first: HTML/XML markup and entities, web and mail addresses. Then tokenize drops
    punctuation, symbols, emoji, control characters and English/Vietnamese stopwords; here also
    Japanese hiragana-only runs (particles and endings: は, が, ですか), Vietnamese sentence particles
    and question words (vậy, nhỉ, đâu), single Latin letters, and
    lowercase words with no vowel at all (keyboard mash such as "zxmcnv"; capitalised acronyms stay).
    """
    text = _EMAIL_RE.sub(" ", without_urls(_MARKUP_RE.sub(" ", nfkc(text))))
    words: list[str] = []
    for run in _SCRIPT_RUN_RE.findall(text):
        if _HIRAGANA_ONLY_RE.fullmatch(run):
            continue
        for token in tokenize(run):
            if (len(token) == 1 and token.isascii() and token.isalpha()) or token in _QUESTION_FILLERS:
                continue
            if run.islower() and _is_mash(token):
                continue
            words.append(token)
    return words


def normalise_for_matching(text: str) -> tuple[str, list[int]]:
    """Text reduced to letters and digits (NFKC, case-folded) and, for each kept character, its offset."""
    kept: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        for c in unicodedata.normalize("NFKC", char).casefold():
            if c.isalnum():
                kept.append(c)
                offsets.append(i)
    return "".join(kept), offsets
