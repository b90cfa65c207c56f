"""The attribution results built through their slots equal those built by their constructors.

Speed path of issue 15 item 6 (session 13): :mod:`credence.features.attribution.result_objects`
sets the slots of ``Span``, ``SourceMention`` and ``Attribution`` directly; the objects must be
indistinguishable from constructed ones (equality, hash, fields, ``replace``, ``to_dict``).
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from credence.document import Span
from credence.features.attribution.result_objects import (
    new_attribution,
    new_source_mention,
    span_of,
)
from credence.features.attribution.results import Attribution, SourceMention

_TEXT = "The harbour office said on Tuesday that the pier would close."


@settings(max_examples=200, deadline=None)
@given(
    bounds=st.lists(st.integers(0, len(_TEXT)), min_size=6, max_size=6),
    canonical=st.text(max_size=12),
    kind=st.sampled_from(["person", "official", "outlet", "anonymous", "role"]),
    cue_type=st.sampled_from(["speech", "report", "according"]),
)
def test_result_objects_equal_the_constructed_ones(bounds, canonical, kind, cue_type):
    (a, b), (c, d), (e, f) = (sorted(bounds[k : k + 2]) for k in (0, 2, 4))
    cue, content = span_of(_TEXT, a, b), span_of(_TEXT, c, d)
    assert type(cue) is Span and cue == Span.from_text(_TEXT, a, b)
    assert hash(content) == hash(Span.from_text(_TEXT, c, d))
    source = new_source_mention(e, f, _TEXT[e:f], canonical, kind)
    expected_source = SourceMention(e, f, _TEXT[e:f], canonical, kind)
    assert type(source) is SourceMention and source == expected_source
    assert hash(source) == hash(expected_source) and repr(source) == repr(expected_source)
    relation = new_attribution(source, cue, content, _TEXT[a:f], cue_type)
    expected = Attribution(
        expected_source, Span.from_text(_TEXT, a, b), content, _TEXT[a:f], cue_type
    )
    assert type(relation) is Attribution and relation == expected
    assert relation.to_dict() == expected.to_dict() and relation.start == expected.start
    assert dataclasses.replace(relation, cue_type="report") == dataclasses.replace(
        expected, cue_type="report"
    )


def test_result_objects_stay_frozen():
    span = span_of(_TEXT, 4, 11)
    assert span.text == "harbour"
    try:
        span.start = 0  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:  # pragma: no cover - the assertion below reports it
        raise AssertionError("a span built through its slots must stay frozen")
