"""The gazetteer: which level a place name is, and which province (and city) it belongs to.

The names are data (``gazetteer.yaml`` beside this module, loaded with importlib.resources):
every provincial-level division with its short names, the prefecture-level divisions of each
province, the county-level divisions of the cities the bundled pack checks, and the districts
of Beijing, Tianjin and Shanghai. A district (区) or a county-level city (界首市) is county
level."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

Level = str  # province | city | county


@dataclass(frozen=True)
class Place:
    name: str
    level: Level
    province: str
    city: str | None = None  # a county's city


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]
    shorts: dict[str, str]  # a province's short name (安徽) → its name (安徽省)

    def get(self, name: str) -> Place | None:
        return self.places.get(name)

    def leading(self, text: str) -> list[Place]:
        """The places a title starts with, outermost first: 安徽省阜阳市临泉县 → three; each
        must belong to the one before it."""
        out: list[Place] = []
        at = 0
        while at < len(text) and len(out) < 3:
            place = self._longest_at(text, at)
            if place is None:
                break
            if out and not _inside(place, out[-1]):
                break
            out.append(place)
            at += len(place.name)
        return out

    def _longest_at(self, text: str, at: int) -> Place | None:
        for length in range(min(16, len(text) - at), 1, -1):
            place = self.places.get(text[at : at + length])
            if place is not None:
                return place
        return None

    def province_named(self, name: str) -> str | None:
        """The province a full or short name stands for."""
        place = self.places.get(name)
        if place is not None and place.level == "province":
            return place.name
        return self.shorts.get(name)

    def cities_of(self, province: str) -> list[str]:
        return [p.name for p in self.places.values() if p.level == "city" and p.province == province]

    def counties_of(self, province: str) -> list[str]:
        return [p.name for p in self.places.values() if p.level == "county" and p.province == province]


def _inside(inner: Place, outer: Place) -> bool:
    if outer.level == "province":
        return inner.province == outer.name and inner.level != "province"
    if outer.level == "city":
        return inner.level == "county" and inner.city == outer.name
    return False


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, read once."""
    text = resources.files("plancheck.extract").joinpath("gazetteer.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    places: dict[str, Place] = {}
    shorts: dict[str, str] = {}
    for name, short in data["provinces"].items():
        places[name] = Place(name, "province", name)
        for s in short:
            shorts.setdefault(s, name)
    for province, cities in data["cities"].items():
        for city in cities:
            places.setdefault(city, Place(city, "city", province))
    city_province = {p.name: p.province for p in places.values() if p.level == "city"}
    for city, counties in data["counties"].items():
        for county in counties:
            places.setdefault(county, Place(county, "county", city_province[city], city))
    for municipality, districts in (data.get("municipal_districts") or {}).items():
        for district in districts:
            places.setdefault(district, Place(district, "county", municipality))
    for county, city in (data.get("former") or {}).items():
        places.setdefault(county, Place(county, "county", city_province[city], city))
    return Gazetteer(places, shorts)


__all__ = ["Gazetteer", "Place", "gazetteer"]
