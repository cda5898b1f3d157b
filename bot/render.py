"""One jinja2 environment for every patient- or nurse-facing text and page.

Templates live beside the package that renders them (`bot/templates`,
`handlers/templates`, `bot/h5/templates/h5`, `bot/sandbox/templates/sandbox` ...); all
are found by name through one loader. `.html` templates are autoescaped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import fields
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from types import MethodType
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import jinja2

from bot.clock import SHANGHAI
from bot.config import ConfigError

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [
    ROOT / "bot" / "templates",
    ROOT / "handlers" / "templates",
    ROOT / "push" / "templates",
    ROOT / "intents" / "templates",
    ROOT / "bot" / "h5" / "templates",  # h5/... pages
    ROOT / "bot" / "sandbox" / "templates",  # sandbox/... pages
    ROOT / "bot" / "console" / "templates",  # console/... staff pages
]


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in TEMPLATE_DIRS if d.exists()]),
        autoescape=jinja2.select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    env.filters["mask_id"] = mask_id
    env.filters["mask_phone"] = mask_phone
    env.filters["yuan"] = yuan
    env.filters["hm"] = hm
    return env


_SCALARS = (str, int, float, bool, type(None), date)  # date covers datetime
_PLAIN = frozenset({int, float, bool, type(None), date})  # exactly these types
F = TypeVar("F", bound=Callable[..., Any])


def text_helper(fn: F) -> F:
    """Mark a method a template may call (e.g. `BookingService.dept_name`) as pure: its
    answer depends on its arguments and on what its object was built with, never on
    anything that changes while the process runs. A reply rendered with it can then be
    remembered by `Texts` like one rendered with plain data."""
    fn.__text_helper__ = True  # type: ignore[attr-defined]
    return fn


def _frozen(value: Any) -> Hashable:
    """A key that equals another only for equal plain data (type included: 1, 1.0 and
    True render differently), frozen dataclasses of plain data, time zones and
    `text_helper` methods included; TypeError for
    anything else (objects whose text could change behind an unchanged identity are
    never cached)."""
    kind = type(value)
    if kind is str:
        return value
    if kind in _PLAIN:  # the common types first, by a set lookup (subclasses below)
        return (kind, value)
    if kind is list or kind is tuple:
        return (kind, *[_frozen(v) for v in value])
    if isinstance(value, datetime):  # equal instants in two zones print differently
        return (kind, value, value.tzinfo)
    if isinstance(value, _SCALARS):
        return (kind, value)
    if kind is ZoneInfo:  # immutable; equal only to itself
        return (kind, value)
    if kind is MethodType and getattr(value.__func__, "__text_helper__", False):
        return (kind, value)  # equal for the same function of the same object
    if kind is dict:
        return (dict, *[(k, _frozen(v)) for k, v in sorted(value.items())])
    params = getattr(kind, "__dataclass_params__", None)
    if params is not None and params.frozen:  # e.g. a Department from config.yml
        return (kind, *(_frozen(getattr(value, f.name)) for f in fields(value)))
    raise TypeError(kind)


class Texts:
    """Every patient-facing text goes through here: config.yml `templates:` may point any
    template (by its path, or by a short name such as `welcome`) at a hospital's own,
    and every render gets the hospital profile and the public base URL.

    Rendering is pure (fixed templates, fixed globals, filters without side effects), so
    the text of a template with plain-data values (strings, numbers, dates, lists and
    dicts of them) is remembered: most replies ("你好", "缴费", a menu tap) are the same
    text for everyone."""

    CACHE_SIZE = 2048

    def __init__(
        self,
        overrides: dict[str, str],
        hospital: dict[str, Any],
        base_url: str,
        tz: ZoneInfo = SHANGHAI,
    ):
        self.overrides = dict(overrides)
        self.globals = {"hospital": hospital, "base_url": base_url, "tz": tz}
        self.rendered: OrderedDict[Hashable, str] = OrderedDict()

    def name(self, template: str) -> str:
        return self.overrides.get(template, template)

    def render(self, template: str, **values: Any) -> str:
        try:
            key: Hashable = self._key(template, values)
        except TypeError:
            return render(self.name(template), **{**self.globals, **values})
        text = self.rendered.get(key)
        if text is not None:
            self.rendered.move_to_end(key)
            return text
        text = self.rendered[key] = render(self.name(template), **{**self.globals, **values})
        if len(self.rendered) > self.CACHE_SIZE:
            self.rendered.popitem(last=False)
        return text

    @staticmethod
    def _key(template: str, values: dict[str, Any]) -> Hashable:
        """(template, then each value with its name, as `_frozen` gives it). In the order
        the caller named them (a call site always names them alike; two that differ
        keep two entries)."""
        parts: list[Any] = [template]
        for name, value in values.items():
            kind = type(value)
            if kind is str:
                parts.append((name, value))
            elif kind in _PLAIN:
                parts.append((name, kind, value))
            else:
                parts.append((name, _frozen(value)))
        return tuple(parts)

    def check(self) -> None:
        """Every override names a template that exists (checked at start-up)."""
        env = environment()
        for key, target in self.overrides.items():
            try:
                env.get_template(target)
            except jinja2.TemplateNotFound as exc:
                raise ConfigError(
                    f"templates.{key}: {target!r} does not exist. Fix: put the template "
                    "under bot/templates or handlers/templates, or remove the override."
                ) from exc


def render(name: str, **context: Any) -> str:
    """Render a chat reply template; surrounding whitespace is trimmed."""
    return environment().get_template(name).render(**context).strip()


def render_page(name: str, **context: Any) -> str:
    """Render an HTML page template (autoescaped by its .html name)."""
    return environment().get_template(name).render(**context)


def mask_id(value: str | None) -> str:
    """110101199003077777 -> 110***********777X style: keep 3 + last 4."""
    if not value:
        return ""
    v = str(value)
    return v[:3] + "*" * max(len(v) - 7, 0) + v[-4:] if len(v) > 7 else "*" * len(v)


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    v = str(value)
    return v[:3] + "****" + v[-4:] if len(v) >= 11 else "*" * len(v)


def yuan(fen: int | None) -> str:
    """Integer fen as the patient reads it: 1250 -> "¥12.50", -300 -> "-¥3.00"."""
    value = int(fen or 0)
    sign = "-" if value < 0 else ""
    whole, cents = divmod(abs(value), 100)
    return f"{sign}¥{whole}.{cents:02d}"


def hm(moment: datetime | None, tz: ZoneInfo = SHANGHAI, fmt: str = "%H:%M") -> str:
    """An aware time as the hospital's clock shows it ("09:15"; `fmt` for more)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        raise ValueError("hm: naive datetime")
    return moment.astimezone(tz).strftime(fmt)
