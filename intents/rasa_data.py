"""Reader for Rasa 3 training data (``nlu.yml``).

Only the NLU part of the format is needed: ``- intent:`` blocks with
``examples: |`` lists, entity annotations ``[text](entity)`` /
``[text]{"entity": "x", "value": "y"}``, and ``- synonym:`` / ``- regex:`` /
``- lookup:`` blocks.  Keeping Rasa's format means the files stay reviewable by
people who know Rasa and can be fed to a real Rasa server later.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<short>[^)]+)\)|(?P<json>\{[^}]*\}))")


@dataclass
class Example:
    text: str
    intent: str
    entities: list[dict] = field(default_factory=list)


@dataclass
class NluData:
    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, str] = field(default_factory=dict)  # surface text -> value
    lookups: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)

    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})


def parse_example(line: str, intent: str) -> Example:
    """Strip Rasa entity annotations, returning plain text and entity spans."""
    out: list[str] = []
    entities: list[dict] = []
    pos = 0
    length = 0
    for m in _ANNOTATION.finditer(line):
        before = line[pos : m.start()]
        out.append(before)
        length += len(before)
        surface = m.group("text")
        if m.group("json"):
            spec = json.loads(m.group("json"))
            entity, value = spec["entity"], spec.get("value", surface)
        else:
            entity, _, value = m.group("short").partition(":")
            value = value or surface
        entities.append(
            {"entity": entity, "value": value, "start": length, "end": length + len(surface)}
        )
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(line[pos:])
    return Example("".join(out), intent, entities)


def _items(block: str) -> list[str]:
    items = []
    for raw in (block or "").splitlines():
        raw = raw.strip()
        if raw.startswith("- "):
            items.append(raw[2:].strip())
        elif raw == "-":
            items.append("")
    return items


def load_nlu(paths: list[Path]) -> NluData:
    """Merge several nlu.yml files (in the given order) into one NluData."""
    data = NluData()
    for path in paths:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            if "intent" in block:
                for line in _items(block.get("examples", "")):
                    ex = parse_example(line, block["intent"])
                    data.examples.append(ex)
                    for ent in ex.entities:
                        surface = ex.text[ent["start"] : ent["end"]]
                        if ent["value"] != surface:
                            data.synonyms.setdefault(surface, ent["value"])
            elif "synonym" in block:
                for line in _items(block.get("examples", "")):
                    data.synonyms[line] = block["synonym"]
            elif "lookup" in block:
                data.lookups.setdefault(block["lookup"], []).extend(
                    _items(block.get("examples", ""))
                )
            elif "regex" in block:
                data.regexes.setdefault(block["regex"], []).extend(
                    _items(block.get("examples", ""))
                )
    return data


def default_nlu_paths() -> list[Path]:
    """All nlu*.yml and lookups.yml files in intents/data, sorted for determinism."""
    folder = Path(__file__).parent / "data"
    return sorted(p for p in folder.glob("*.yml") if p.name.startswith(("nlu", "lookups")))
