"""The `push:` section of config.yml that the WeChat API client reads, validated.

```yaml
push:
  rate_limits:            # sends per second shared by every worker process
    custom: {per_second: 20, burst: 100}
    template: {per_second: 20, burst: 100}
    subscribe: {per_second: 20, burst: 100}
  force_refresh:          # stable_token force_refresh, rationed across processes
    min_interval_seconds: 30
    per_day: 10
  subscribe_templates:
    long_term: []         # 长期订阅 template ids; every other one is one-time
```
The same section holds the channel choice (`custom_cap`, `notices`: `push.channels`),
`max_attempts` and the job workers' `jobs` options (`push.worker`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.config import ConfigError, Settings

FAMILIES = ("custom", "template", "subscribe")
WECHAT_FORCE_REFRESH_PER_DAY = 20  # WeChat's own limit for stable_token force_refresh
WECHAT_FORCE_REFRESH_INTERVAL = 30.0  # and the gap it requires between two of them


@dataclass(frozen=True)
class Rate:
    """A token bucket: `per_second` sustained, up to `burst` at once."""

    per_second: float
    burst: int


@dataclass(frozen=True)
class ForceRefreshRation:
    min_interval_seconds: float = WECHAT_FORCE_REFRESH_INTERVAL
    per_day: int = 10


DEFAULT_RATE = Rate(per_second=20.0, burst=100)


@dataclass(frozen=True)
class PushSettings:
    rates: dict[str, Rate] = field(default_factory=lambda: dict.fromkeys(FAMILIES, DEFAULT_RATE))
    force_refresh: ForceRefreshRation = ForceRefreshRation()
    long_term_templates: frozenset[str] = frozenset()

    def consent_kind(self, template_id: str) -> str:
        """`long_term` for templates configured as 长期订阅, else `one_time`."""
        return "long_term" if template_id in self.long_term_templates else "one_time"

    @classmethod
    def from_settings(cls, settings: Settings) -> PushSettings:
        return parse_push(settings.section("push"))


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: must be a mapping. Fix: write it as `key: value` lines.")
    return value


def _positive(sec: dict[str, Any], where: str, key: str, default: float, *, lo: float) -> float:
    value = sec.get(key, default)
    try:
        number = float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"{where}.{key}: must be a number, got {value!r}. Fix: write a number."
        ) from exc
    if number < lo:
        raise ConfigError(f"{where}.{key}: {number:g} is too small. Fix: use at least {lo:g}.")
    return number


def parse_push(section: dict[str, Any]) -> PushSettings:
    """Validate the client's part of `push:`; errors name the field and the fix."""
    rates = dict.fromkeys(FAMILIES, DEFAULT_RATE)
    for family, raw in _mapping(section.get("rate_limits"), "push.rate_limits").items():
        where = f"push.rate_limits.{family}"
        if family not in FAMILIES:
            raise ConfigError(
                f"{where}: unknown API family. Fix: use one of {', '.join(FAMILIES)}."
            )
        sec = _mapping(raw, where)
        per_second = _positive(sec, where, "per_second", DEFAULT_RATE.per_second, lo=0.001)
        burst = _positive(sec, where, "burst", DEFAULT_RATE.burst, lo=1)
        if burst != int(burst):
            raise ConfigError(
                f"{where}.burst: must be a whole number, got {burst:g}. Fix: round it."
            )
        rates[family] = Rate(per_second=per_second, burst=int(burst))

    fr = _mapping(section.get("force_refresh"), "push.force_refresh")
    interval = _positive(
        fr,
        "push.force_refresh",
        "min_interval_seconds",
        WECHAT_FORCE_REFRESH_INTERVAL,
        lo=WECHAT_FORCE_REFRESH_INTERVAL,
    )
    per_day = _positive(fr, "push.force_refresh", "per_day", 10, lo=0)
    if per_day > WECHAT_FORCE_REFRESH_PER_DAY or per_day != int(per_day):
        raise ConfigError(
            f"push.force_refresh.per_day: {per_day:g} is not allowed. Fix: use a whole "
            f"number from 0 to {WECHAT_FORCE_REFRESH_PER_DAY} (WeChat's daily limit)."
        )

    st = _mapping(section.get("subscribe_templates"), "push.subscribe_templates")
    long_term = st.get("long_term") or []
    if not isinstance(long_term, list) or not all(isinstance(t, str) and t for t in long_term):
        raise ConfigError(
            "push.subscribe_templates.long_term: must be a list of template ids. "
            "Fix: list the 长期订阅 template ids as strings, or leave it empty."
        )
    return PushSettings(
        rates=rates,
        force_refresh=ForceRefreshRation(min_interval_seconds=interval, per_day=int(per_day)),
        long_term_templates=frozenset(long_term),
    )
