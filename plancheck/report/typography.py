"""Chinese typography for reports that are signed and sent: full-width punctuation in Chinese
text, no half-width mixing. ``zh`` (and ``is_cjk``, ``half_width_marks``) live in ``plancheck.i18n``,
since pack texts and findings are punctuated with it too; ``clause`` is how a report cites."""

from __future__ import annotations

from plancheck.i18n import half_width_marks, is_cjk, zh
from plancheck.report.labels import quoted


def clause(section: str, text: str) -> str:
    """A cited clause: its section and its words in quotation marks (三、(一)：“……”); no colon
    after a section number that ends in 、 (六、“……”)."""
    if not text:
        return section
    if not section:
        return quoted(text)
    return f"{section}{quoted(text)}" if section.endswith(("、", "．")) else f"{section}: {quoted(text)}"


__all__ = ["clause", "half_width_marks", "is_cjk", "zh"]
