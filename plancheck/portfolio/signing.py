"""Who signs a review: the reviewing office, its initials, the reference number and the date,
from the command line or from ``plancheck.toml``.

``plancheck.toml`` is looked for in the folder of the first plan and then in each folder above
it (the first one found is used), unless ``--config FILE`` names one. Its ``[review]`` table:

.. code-block:: toml

    [review]
    office = "安徽省数据资源管理局"      # 审核单位: comment author and signature
    initials = "数据局"                # Word comment initials
    reference = "皖数资审〔2024〕12号"  # 审核文号
    date = 2024-05-20                  # 审核日期 (a TOML date or "2024-05-20")

An option given on the command line wins over the file. Unknown keys, a wrong type or a date
that is not a date are usage errors (exit 2).
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from typing import Any

from plancheck.errors import Problem, UsageError
from plancheck.i18n import Message
from plancheck.read.inputs import shown_path
from plancheck.read.textfile import present, read_text
from plancheck.report import DEFAULT_INITIALS, DEFAULT_OFFICE, Signing

CONFIG_NAME = "plancheck.toml"
_KEYS = ("office", "initials", "reference", "date")


def _usage(where: str, zh: str, en: str) -> UsageError:
    return UsageError(Problem(where, Message(zh, en), code="usage"))


def find_config(plans: list[Path]) -> Path | None:
    """``plancheck.toml`` in the first plan's folder or the nearest folder above it."""
    if not plans:
        return None
    start = plans[0].resolve()
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if present(path):  # a pipe or device there is refused when read
            return path
    return None


def _toml(path: Path) -> dict[str, Any]:
    shown = shown_path(path)
    try:
        tomllib = importlib.import_module("tomllib")  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        try:
            tomllib = importlib.import_module("tomli")
        except ImportError:
            raise _usage(
                shown,
                "读取 plancheck.toml 需要 Python 3.11 或 tomli",
                "reading plancheck.toml needs Python 3.11 or tomli",
            ) from None
    text, _ = read_text(path, shown)  # never blocks on a pipe; refuses a device or a binary file
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except ValueError as exc:
        raise _usage(
            shown, f"配置文件不是有效的 TOML: {exc}", f"the configuration is not valid TOML: {exc}"
        ) from None
    return data


def _date(value: object, where: str) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise _usage(where, f"日期应为 YYYY-MM-DD, 而不是 {value!r}", f"a date is YYYY-MM-DD, not {value!r}")


def _from_file(path: Path) -> dict[str, str]:
    shown = shown_path(path)
    review = _toml(path).get("review", {})
    if not isinstance(review, dict):
        raise _usage(shown, "[review] 应是一个表", "[review] must be a table")
    out: dict[str, str] = {}
    for key, value in review.items():
        where = f"{shown}: review.{key}"
        if key not in _KEYS:
            known = ", ".join(_KEYS)
            raise _usage(where, f"未知的设置 (可用: {known})", f"unknown setting (known: {known})")
        if key == "date":
            out[key] = _date(value, where)
        elif isinstance(value, str) and value.strip():
            out[key] = value.strip()
        else:
            raise _usage(where, "应为非空文字", "must be non-empty text")
    return out


def load_signing(
    plans: list[Path],
    *,
    config: Path | None = None,
    office: str | None = None,
    initials: str | None = None,
    reference: str | None = None,
    date: str | None = None,
) -> Signing:
    """The signing of a review: the options given, then ``plancheck.toml``, then the defaults."""
    if config is not None and not present(config):
        raise _usage(shown_path(config), "找不到配置文件", "configuration file not found")
    path = config if config is not None else find_config(plans)
    settings = _from_file(path) if path is not None else {}
    given = {"office": office, "initials": initials, "reference": reference, "date": date}
    for key, value in given.items():
        if value is not None and value.strip():
            settings[key] = _date(value, f"--{key}") if key == "date" else value.strip()
    office_name = settings.get("office", DEFAULT_OFFICE)
    return Signing(
        office=office_name,
        initials=settings.get("initials", DEFAULT_INITIALS if "office" not in settings else office_name[-3:]),
        reference=settings.get("reference"),
        date=settings.get("date"),
    )


__all__ = ["CONFIG_NAME", "find_config", "load_signing"]
