"""Simplify Iran's province shapes once, for the report's map (run by hand, not at import).

Input: the OpenStreetMap boundaries in ``shared/data/iran_provinces/provinces.geojson``
(© OpenStreetMap contributors, ODbL). Output: ``provinces.json`` beside this script,
``{"attribution": ..., "provinces": {ISO code: [ring, ...]}}`` with each ring a list of
``[lon, lat]`` rounded to 0.01° (about 1 km: finer than any printed page shows).

Provinces are matched to the gazetteer's ISO 3166-2:IR codes by their Persian name,
which the two sources spell alike; a name that matches no code stops the script.

    pip install shapely==2.2.0
    python src/reckon/report/data/make_provinces.py \
        ../shared/data/iran_provinces/provinces.geojson
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, shape

HERE = Path(__file__).parent
GAZETTEER = HERE.parent.parent / "normalize" / "data" / "provinces.csv"
TOLERANCE = 0.03  # degrees, Douglas-Peucker; keeps every province recognisable at A4
MIN_AREA = 0.02  # square degrees: islands smaller than this are dropped
ATTRIBUTION = "© OpenStreetMap contributors, ODbL"


def _rings(geom: Any) -> list[list[list[float]]]:
    polys = list(geom.geoms) if isinstance(geom, MultiPolygon) else [geom]
    out = []
    for poly in polys:
        if not isinstance(poly, Polygon) or poly.area < MIN_AREA:
            continue
        ring = [[round(x, 2), round(y, 2)] for x, y in poly.exterior.coords]
        out.append(ring)
    return out


def main(source: Path) -> None:
    with GAZETTEER.open(encoding="utf-8") as f:
        codes = {r["name_fa"]: r["code"] for r in csv.DictReader(f)}
    data = json.loads(source.read_text(encoding="utf-8"))
    shapes: dict[str, list[list[list[float]]]] = {}
    for feature in data["features"]:
        name = feature["properties"]["name:fa"]
        if name not in codes:
            raise SystemExit(f"{name!r} is not a province of the gazetteer")
        geom = shape(feature["geometry"]).simplify(TOLERANCE, preserve_topology=True)
        shapes[codes[name]] = _rings(geom)
    missing = set(codes.values()) - set(shapes)
    if missing:
        raise SystemExit(f"no shape for {sorted(missing)}")
    out = {"attribution": ATTRIBUTION, "provinces": dict(sorted(shapes.items()))}
    (HERE / "provinces.json").write_text(json.dumps(out, separators=(",", ":")), "utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
