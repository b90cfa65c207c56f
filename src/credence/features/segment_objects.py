"""Paragraph and Sentence objects built fast, for segmentation that makes thousands of them."""

from __future__ import annotations

import dataclasses
import types

from credence.document import Paragraph, Sentence

__all__ = ["frozen_slot_setters", "new_paragraph", "new_sentence"]


def frozen_slot_setters(cls: type, names: str) -> tuple | None:
    """Setters of the slots of a frozen dataclass, if its __init__ only sets ``names`` (its
    fields, in order), else ``None``; each is called as ``setter(obj, value)``.
    """
    if (
        hasattr(cls, "__post_init__")
        or [field.name for field in dataclasses.fields(cls)] != names.split()
    ):
        return None
    slots = [cls.__dict__.get(name) for name in names.split()]
    if not all(isinstance(slot, types.MemberDescriptorType) for slot in slots):
        return None
    return tuple(slot.__set__ for slot in slots)  # type: ignore[union-attr]


# A frozen dataclass sets each field through a generic object.__setattr__ call in a Python
# __init__; setting its slots through their descriptors builds the same object in half the
# time. Only while __init__ does nothing else (no __post_init__, exactly these fields, slots);
# else the constructors are used.
_PARAGRAPH_SETTERS = frozen_slot_setters(Paragraph, "index start end text duplicate_of")
_SENTENCE_SETTERS = frozen_slot_setters(Sentence, "index paragraph start end text")
if _PARAGRAPH_SETTERS and _SENTENCE_SETTERS:
    _new_object = object.__new__
    _set_p_index, _set_p_start, _set_p_end, _set_p_text, _set_p_duplicate = _PARAGRAPH_SETTERS
    _set_s_index, _set_s_paragraph, _set_s_start, _set_s_end, _set_s_text = _SENTENCE_SETTERS

    def new_paragraph(
        index: int, start: int, end: int, text: str, duplicate_of: int | None
    ) -> Paragraph:
        """``Paragraph(index, start, end, text, duplicate_of)``, without its generic __init__."""
        paragraph = _new_object(Paragraph)
        _set_p_index(paragraph, index)
        _set_p_start(paragraph, start)
        _set_p_end(paragraph, end)
        _set_p_text(paragraph, text)
        _set_p_duplicate(paragraph, duplicate_of)
        return paragraph

    def new_sentence(index: int, paragraph: int, start: int, end: int, text: str) -> Sentence:
        """``Sentence(index, paragraph, start, end, text)``, without its generic __init__."""
        sentence = _new_object(Sentence)
        _set_s_index(sentence, index)
        _set_s_paragraph(sentence, paragraph)
        _set_s_start(sentence, start)
        _set_s_end(sentence, end)
        _set_s_text(sentence, text)
        return sentence

else:  # the data model changed: build through the constructors
    new_paragraph = Paragraph  # type: ignore[assignment]
    new_sentence = Sentence  # type: ignore[assignment]
