"""What a claim states that a sentence in another language can be seen to state too, without a model.

A sentence in another language shares no word with a claim, so the share of the claim's words it contains
(extract.lexical_coverage) is nothing for the right sentence and for a wrong one alike, and only the encoder's
similarity tells them apart: for a Vietnamese claim that similarity is nearly flat (e5-small). A sentence
that states the claim's numbers, names its ministries, places and organisations and holds translations of
its words is more likely the one it comes from: `Anchors.coverage` is that share, used in place of the shared
words' share (quote_scores).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kizuna.answer.claims import GAZETTEERS
from kizuna.answer.extract import dense_evidence, lexical_coverage
from kizuna.answer.lexicon import Concept, concepts, found
from kizuna.answer.quantities import Quantity, matches, quantities, spelled_numbers
from kizuna.answer.terms import focus_tokens
from kizuna.index.model import Index
from kizuna.ingest.text import detect_lang, tokenize
from kizuna.retrieval.searcher import Scores


@dataclass(frozen=True)
class Anchors:
    """What a claim states that can be recognised in a sentence of another language: its numbers (by value,
    counts written as words too), the gazetteers' names (by group, in any language) and its focus words
    (through the lexicons, lexicon.concepts)."""

    numbers: tuple[float, ...]
    groups: tuple[tuple[int, str], ...]  # (index in GAZETTEERS, group)
    concepts: tuple[Concept, ...]

    @property
    def size(self) -> int:
        return len(self.numbers) + len(self.groups) + len(self.concepts)

    def coverage(self, text: str, lang: str) -> float:
        """The share of the anchors a sentence in language `lang` states (of those that can be looked for
        in that language)."""
        stated = quantities(text) + spelled_numbers(text)
        hits = sum(matches(Quantity(str(v), v, v), stated) for v in self.numbers)
        hits += sum(GAZETTEERS[g].speaks_of(group, text) for g, group in self.groups)
        usable = [c for c in self.concepts if c.translatable(lang)]
        tokens = frozenset(tokenize(text))
        hits += sum(found(c, text, tokens, lang) for c in usable)
        total = len(self.numbers) + len(self.groups) + len(usable)
        return hits / total if total else 0.0


def claim_anchors(claim: str, lang: str) -> Anchors:
    numbers = tuple(dict.fromkeys(q.value for q in quantities(claim) + spelled_numbers(claim)))
    groups = tuple((i, group) for i, g in enumerate(GAZETTEERS) for group in g.mentions(claim))
    return Anchors(numbers, groups, concepts(claim, lang, tuple(focus_tokens(claim))))


def quote_scores(index: Index, scores: Scores) -> np.ndarray:
    """Semantic support for a quote, per candidate sentence: the dense retrievers' calibrated similarity
    (weighted mean) plus the idf-weighted share of the quote's words the sentence contains.

    A sentence in another language shares no word with the quote, so its share is instead that of what the
    quote states that the sentence states too, however written (Anchors): counted like the shared words, for
    the best `BRIDGED` such sentences (the lexicons' lookups are the costly part)."""
    dense = dense_evidence(scores.sentences, scores.weights)
    if len(dense) != len(scores.rows):  # no dense retriever: lexical evidence only
        dense = np.zeros(len(scores.rows))
    df, n_docs = index.document_frequencies()
    tokens = tokenize(scores.question)
    lexical = np.array([lexical_coverage(tokens, index.sentence_tokens(int(r)), df, n_docs) for r in scores.rows])
    if not len(lexical):
        return dense
    claim_lang = detect_lang(scores.question)
    anchors = claim_anchors(scores.question, claim_lang)
    if anchors.size:
        owners = [int(index.sentences[int(r)][0]) for r in scores.rows]
        across = [index.passages[o].lang != claim_lang for o in owners]
        for position in [int(p) for p in np.argsort(-(dense + lexical), kind="stable") if across[p]][:BRIDGED]:
            owner, start, end = (int(x) for x in index.sentences[int(scores.rows[position])])
            passage = index.passages[owner]
            lexical[position] = max(lexical[position], anchors.coverage(passage.text[start:end], passage.lang))
    return dense + lexical


# sentences in another language than the quote whose anchors are looked for (by semantic score)
BRIDGED = 30
