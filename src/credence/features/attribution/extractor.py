"""The attribution extractor: relations (source, cue, content) with canonical sources."""

from __future__ import annotations

from collections.abc import Sequence

from credence.collector import collector_paused
from credence.features.attribution.learned import SequenceTagger, learned_attributions
from credence.features.attribution.lexicon import AttributionLexicon, load_lexicon
from credence.features.attribution.resolver import split_coordinated
from credence.features.attribution.results import HEARSAY_CUE_TYPES, SOURCE_KINDS, Attribution
from credence.features.attribution.rules import rule_attributions
from credence.features.base import SpanExtractor, register
from credence.features.context import Context

__all__ = ["AttributionExtractor"]


@register("attribution")
class AttributionExtractor(SpanExtractor):
    """Find attribution relations (source, cue, content) and canonicalise their sources.

    Parameters
    ----------
    aliases : str, optional
        Path of a user alias table (``alias<TAB>canonical<TAB>kind``) merged over the
        built-in ``lexicons/sources.tsv``. Compiled lazily on first use and cached.
    model : str or None, default "default"
        The trained tagger: ``"default"`` (the one bundled in ``models/default/attribution``;
        the rules alone when none is bundled), a model directory, or ``None`` for the
        hand-written rules alone.

    Examples
    --------
    >>> ex = AttributionExtractor()
    >>> a = ex.extract('"Talks stalled," the Pentagon said.')[0]
    >>> (a.source.canonical, a.source.kind, a.content.text)
    ('US Department of Defense', 'official', '"Talks stalled,"')
    """

    output_key = "attributions"
    # Spans changed with the learned tagger (issue 15), but the shipped stance model pins
    # attribution "2" and refuses any other: bump together with a stance retrain.
    version = "2"  # 2: recall sense, names with cue words, described antecedents
    feature_names = (
        "n_attributions",
        "has_attribution",
        "n_outlet",
        "n_official",
        "n_person",
        "n_role",
        "n_anonymous",
        "anonymous_share",
        "n_distinct_sources",
        "n_hearsay_cues",
    )

    def __init__(self, aliases: str | None = None, model: str | None = "default") -> None:
        self.aliases = aliases
        self.model = model

    def __getstate__(self) -> dict[str, object]:
        # The loaded tagger wraps a C object: a pickled extractor reloads it on first use.
        return {k: v for k, v in self.__dict__.items() if k != "_loaded_tagger"}

    def _tagger(self) -> SequenceTagger | None:
        """The trained tagger ``model`` names (loaded once per extractor), or ``None``."""
        # An extractor pickled before the tagger existed (inside the shipped stance model) has
        # no ``model``: it keeps the rules it was trained with.
        model = self.__dict__.get("model")
        if model is None:
            return None
        if not hasattr(self, "_loaded_tagger"):
            # The model layer is imported here, on first use, so that importing the features
            # does not import the models (the layers point one way).
            from credence.models.attribution_model import default_tagger, load_tagger

            tagger = default_tagger() if model == "default" else load_tagger(model)
            self._loaded_tagger = tagger
        return self._loaded_tagger

    @property
    def lexicon(self) -> AttributionLexicon:
        """The compiled lexicons (built on first use, cached per alias file)."""
        return load_lexicon(self.aliases)

    # -- public API -------------------------------------------------------------------------

    def extract(self, text: str, *, context: Context | None = None) -> list[Attribution]:
        """Return the attributions of ``text`` in text order.

        Parameters
        ----------
        text : str
            The article text; every offset points into it.
        context : Context, optional
            The engine's context for ``text``: its sentences are read (otherwise the text is
            segmented here).
        """
        tagger = self._tagger()
        # The collector is paused for the article: on long texts its runs cost a fifth of
        # the time and grew faster than the text (see .collector).
        with collector_paused():
            context = self.context_of(text, context)
            if tagger is None:
                found = rule_attributions(text, context, self.lexicon)
            else:
                found = learned_attributions(text, context, self.lexicon, tagger)
            return split_coordinated(found, self.lexicon)

    def span_features(self, spans: Sequence[Attribution], text: str) -> list[float]:
        """Counts by source kind, anonymous share, distinct sources and hearsay cues."""
        kinds = [a.source.kind for a in spans]
        n = len(spans)
        return [
            float(n),
            float(n > 0),
            *(float(kinds.count(k)) for k in SOURCE_KINDS),
            kinds.count("anonymous") / n if n else 0.0,
            float(len({a.source.canonical for a in spans})),
            float(sum(a.cue_type in HEARSAY_CUE_TYPES for a in spans)),
        ]

    # -- per sentence -----------------------------------------------------------------------
