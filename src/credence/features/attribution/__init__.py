"""Attribution triples: who (source) says (cue) what (content), with canonical sources.

The extractor works sentence by sentence on a flat token list and never backtracks more than a
fixed number of tokens, so its running time is linear in the length of the text.

Patterns recognised (direct and indirect speech):

- ``X said (that) P`` / ``X told Y (that) P`` / ``X reported …`` / ``X estimates …`` and the
  other cue verbs of ``lexicons/attribution_cues.tsv``, with auxiliaries and adverbs between
  the source and the verb (``X has indicated``, ``X also said``, ``X recently said``);
- inverted and quote-first forms: ``"P," X said.``, ``"P," said X.``, ``P, the newspaper says.``;
- ``according to X``, ``citing X``, ``via X`` (also credit lines such as ``Via Associated
  Press`` on a line of their own, which attribute the text above them to the agency),
  ``in an interview with X published …, P``;
- ``X is making the claim(s), saying P`` and gerund continuations (``…, saying P``), whose
  source is the subject of the clause they continue.

Sources are canonicalised with ``lexicons/sources.tsv`` (``alias<TAB>canonical<TAB>kind``),
merged with an optional user table. Descriptions and pronouns are resolved by recency inside
the article: ``the newspaper``/``the paper``/``the outlet`` → the last outlet mentioned,
``the Post``/``the Times``/``the Journal`` → the last outlet whose name has that word (else
the alias table), ``the agency`` → the last official body or news agency, ``the ministry``
→ the last ministry, ``he``/``she`` → the last named person. Unknown sources keep their
cleaned surface form as canonical name and get a kind guessed from their head noun.

The package reads top to bottom: :mod:`.results` (the types), :mod:`.lexicon` (word lists and
alias table), :mod:`.tokens`, :mod:`.phrases` (source noun phrases), :mod:`.mentions` (alias
mentions), :mod:`.resolver` (canonical names, coreference), :mod:`.content` (content spans),
:mod:`.cues` (the relations a cue opens) and :mod:`.extractor`.
"""

from __future__ import annotations

from credence.features.attribution.extractor import AttributionExtractor
from credence.features.attribution.lexicon import (
    _LOOKBACK,
    AttributionLexicon,
    load_lexicon,
    reporting_verbs,
)
from credence.features.attribution.mentions import find_source_mentions
from credence.features.attribution.resolver import _Resolver
from credence.features.attribution.results import (
    HEARSAY_CUE_TYPES,
    SOURCE_KINDS,
    Attribution,
    SourceMention,
)
from credence.features.attribution.tokens import _TOKEN_RE, _TokenTable

__all__ = [
    "SOURCE_KINDS",
    "HEARSAY_CUE_TYPES",
    "SourceMention",
    "Attribution",
    "AttributionLexicon",
    "AttributionExtractor",
    "load_lexicon",
    "find_source_mentions",
    "reporting_verbs",
    # Internals that tests read (the token table check, the resolver's look-back bound).
    "_LOOKBACK",
    "_Resolver",
    "_TOKEN_RE",
    "_TokenTable",
]
