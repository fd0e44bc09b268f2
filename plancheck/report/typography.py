"""Chinese typography for reports that are signed and sent: full-width punctuation in Chinese
text, no half-width mixing.

Much of what a report quotes was typed or folded half-width (``三、(一): 各市已建设的政务云平台,
按照…``). ``zh`` turns the half-width marks that sit in Chinese text into their full-width forms
and drops the spaces around them, and leaves Latin text, numbers and paths alone
(``foundation.cloud.standard``, ``12:30``, ``AH-F1, AH-F2``, ``100M``)."""

from __future__ import annotations

from plancheck.i18n import half_width_marks, is_cjk, zh


def clause(section: str, text: str) -> str:
    """A cited clause: its section and its words in quotation marks (三、(一)：“……”); no colon
    after a section number that ends in 、 (六、“……”)."""
    if not text:
        return section
    if not section:
        return f"“{text}”"
    return f"{section}“{text}”" if section.endswith(("、", "．")) else f"{section}: “{text}”"


__all__ = ["clause", "half_width_marks", "is_cjk", "zh"]
