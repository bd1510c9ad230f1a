"""Industry chains written as linked sequences (A→B→C, “A—B”产业链)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.plan.model import Chain
from planwatch.plan.read import read
from planwatch.plan.recognise.chains import find_chains, recognise_chains, sentence_at

PLANS = Path(__file__).parents[3] / "examples" / "plans"
SHIZHU = PLANS / "003_ee4bfce4192e67e0.txt"
XIUSHAN = PLANS / "000_1528b4e4bd8eb29d.txt"


def _links(text: str) -> list[list[str]]:
    return [links for links, _, _ in find_chains(text)]


def _chains(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "plan.txt") -> list[Chain]:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return recognise_chains(read(path))


# ---------------------------------------------------------------- the seed plans


def test_shizhu_six_chains() -> None:
    chains = recognise_chains(read(SHIZHU))
    assert [chain.links for chain in chains] == [
        ["辣椒种植", "辣椒粗加工", "辣椒精深加工", "辣椒产品销售"],
        ["种植养殖", "食品研发", "绿色健康食品粗加工及精深加工"],
        ["中药材种植", "中药饮片", "中成药（中兽药）", "中药材有效成分研发"],
        [
            "原料供应商（传感器/电子元器件/芯片/包装箱）",
            "仪器仪表",
            "行业领域（核工业/汽车/环境治理/健康医疗）",
        ],
        ["废旧资源回收", "资源化加工处理", "资源再利用"],
        ["铅锌矿开采", "浮选", "冶炼", "精深加工", "废弃物资源化利用"],
    ]
    assert [chain.source.line for chain in chains] == [278, 279, 280, 284, 289, 295]
    first = chains[0]
    assert first.context == "推进“辣椒种植→辣椒粗加工→辣椒精深加工→辣椒产品销售”产业链提质增效"
    assert first.source.text.startswith("——特色调味制品。")
    assert chains[5].context == "构建“铅锌矿开采→浮选→冶炼→精深加工→废弃物资源化利用”的铅锌材料产业体系"


def test_shizhu_dash_sequences_that_are_not_chains() -> None:
    # Line 311 (创新型—“专精特新”—…), 320 (“园区—企业”能源计量体系) and
    # 325 (“发现问题—会诊问题—破解问题”的常态工作机制) are not industry chains.
    lines = {chain.source.line for chain in recognise_chains(read(SHIZHU))}
    assert not lines & {311, 320, 325}


def test_xiushan_chain() -> None:
    chains = recognise_chains(read(XIUSHAN))
    # The only linked sequence in the 秀山 plan; “基础-临床” (line 175) is a strategy, not a chain,
    # and “锰矿开采、电解锰冶炼的锰产业体系” (lines 65–67) is prose, not a linked sequence.
    assert [chain.links for chain in chains] == [["硅矿", "工业硅"]]
    chain = chains[0]
    assert chain.source.line == 67
    assert chain.context.endswith("“硅矿—工业硅”产业链体系已经成熟")
    assert chain.context.startswith("截止2020年底")


# ---------------------------------------------------------------- arrows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "推进“辣椒种植→辣椒粗加工→辣椒精深加工”产业链提质增效。",
            [["辣椒种植", "辣椒粗加工", "辣椒精深加工"]],
        ),
        (
            "构建“废旧资源回收 → 资源化加工处理 → 资源再利用”产业体系",
            [["废旧资源回收", "资源化加工处理", "资源再利用"]],
        ),
        (
            "构建“废旧资源回收—>资源化加工处理—>资源再利用”产业体系",
            [["废旧资源回收", "资源化加工处理", "资源再利用"]],
        ),
        (
            "构建“废旧资源回收->资源化加工处理->资源再利用”产业体系",
            [["废旧资源回收", "资源化加工处理", "资源再利用"]],
        ),
        ("构建“废旧资源回收 - > 资源化加工处理”产业体系", [["废旧资源回收", "资源化加工处理"]]),
        (
            "构建“废旧资源回收⟶资源化加工处理⟶资源再利用”产业体系",
            [["废旧资源回收", "资源化加工处理", "资源再利用"]],
        ),
        (
            "构建“废旧资源回收＞资源化加工处理＞资源再利用”产业体系",
            [["废旧资源回收", "资源化加工处理", "资源再利用"]],
        ),
        (
            "构建“废旧资源回收>资源化加工处理>资源再利用”产业体系",
            [["废旧资源回收", "资源化加工处理", "资源再利用"]],
        ),
        # ASCII quotes, stray full-width spaces, bold markup as converters leave them.
        (
            '构建"中药材种植→中药饮片→中成药（中兽药）"中医药产业体系',
            [["中药材种植", "中药饮片", "中成药（中兽药）"]],
        ),
        ("构建“中药材种植\u3000→ 中药饮片”中医药产业体系", [["中药材种植", "中药饮片"]]),
        ("构建「中药材种植→中药饮片」中医药产业体系", [["中药材种植", "中药饮片"]]),
        # Parentheses are kept as written, also with slashes and commas inside.
        (
            "构建“原料供应商（传感器/电子元器件/芯片/包装箱）→仪器仪表→行业领域（核工业/汽车）”仪器仪表产业链",
            [["原料供应商（传感器/电子元器件/芯片/包装箱）", "仪器仪表", "行业领域（核工业/汽车）"]],
        ),
        # Without quotes: the verb before and the chain's name after are not links.
        (
            "重点推进辣椒种植→辣椒粗加工→辣椒精深加工产业链提质增效。",
            [["辣椒种植", "辣椒粗加工", "辣椒精深加工"]],
        ),
        ("打造锰矿开采->电解锰->锰深加工的全产业链，", [["锰矿开采", "电解锰", "锰深加工"]]),
        (
            "中药材种植→中药饮片（含配方颗粒、保健品）→中成药",
            [["中药材种植", "中药饮片（含配方颗粒、保健品）", "中成药"]],
        ),
        ("PCB→SMT→整机装配", [["PCB", "SMT", "整机装配"]]),
        # Two chains in one sentence.
        ("构建“A材料→B部件”和“C材料→D部件”两条产业链", [["A材料", "B部件"], ["C材料", "D部件"]]),
    ],
)
def test_arrow_chains(text: str, expected: list[list[str]]) -> None:
    assert _links(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "规上工业增加值增速>5%",  # a comparison, not an arrow
        "<br>文字",  # HTML debris
        "→",
        "“→产业链”",
        "“2023→2027”产业链",  # no words in the links
    ],
)
def test_not_arrow_chains(text: str) -> None:
    assert _links(text) == []


# ---------------------------------------------------------------- single dashes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("锰硅产业总产值占比为46.4%，“硅矿—工业硅”产业链体系已经成熟。", [["硅矿", "工业硅"]]),
        ("“硅矿 — 工业硅”产业链", [["硅矿", "工业硅"]]),
        ('"硅矿—工业硅"产业链', [["硅矿", "工业硅"]]),
        ("“硅矿-工业硅-硅基新材料”产业链", [["硅矿", "工业硅", "硅基新材料"]]),
        ("“硅矿－工业硅”产业链", [["硅矿", "工业硅"]]),
        ("“硅矿–工业硅”全产业链", [["硅矿", "工业硅"]]),
        ("形成“锰矿—电解锰—锰系合金”的锰材料产业体系", [["锰矿", "电解锰", "锰系合金"]]),
    ],
)
def test_dash_chains(text: str, expected: list[list[str]]) -> None:
    assert _links(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "实施“基础-临床”院所协同创新战略，加快骨干医药企业引育",
        "建立“发现问题—会诊问题—破解问题”的常态工作机制，并加强沟通与协调",
        "促进中小企业沿创新型—“专精特新”—“小巨人”—单项冠军成长壮大。",
        "建立“园区—企业”能源计量体系，协同推进用能数据采集",
        "——特色调味制品。依托“石柱红”辣椒品牌，推进辣椒产业链提质增效。",
        "“硅矿——工业硅”产业链",  # a doubled dash is never a separator
        "规划期为2023—2027年，“2023—2027”产业链",  # year ranges
        "硅矿—工业硅产业链",  # a dash without quotes
        "“硅矿—工业硅”，是本县的产业链",  # the chain word is past the punctuation
        "“硅矿—工业硅”这一组合在今后很长一段时间内都是产业链",  # too far away
    ],
)
def test_not_dash_chains(text: str) -> None:
    assert _links(text) == []


# ---------------------------------------------------------------- context and documents


def test_sentence_at() -> None:
    text = "发展“红色”经济。推进“辣椒种植→辣椒粗加工”产业链提质增效；巩固发展火锅底料。"
    start = text.index("“辣椒")
    assert sentence_at(text, start, start + 5) == "推进“辣椒种植→辣椒粗加工”产业链提质增效"
    assert sentence_at("无标点A→B", 3, 6) == "无标点A→B"


def test_source_line_in_wrapped_paragraph(tmp_path: Path) -> None:
    # A PDF paragraph wrapped over two lines: the chain is cited on its own line.
    text = (
        "优势资源产业链日渐成熟，传统电矿产业已形成锰矿开采、\n\n"
        "电解锰冶炼的锰产业体系，“硅矿—工业硅”产业链体系已经成熟。\n"
    )
    chains = _chains(tmp_path, text)
    assert [chain.links for chain in chains] == [["硅矿", "工业硅"]]
    assert chains[0].source.line == 3
    assert chains[0].context.startswith("优势资源产业链日渐成熟")


def test_gb18030_markdown_bold_and_repeats(tmp_path: Path) -> None:
    text = (
        "# 第四章 重点任务\n\n"
        "**——特色调味制品。**推进“辣椒种植→辣椒粗加工→辣椒精深加工”产业链提质增效。\n\n"
        "**1.新材料。**构建“硅矿—工业硅”产业链。\n\n"
        "（重复段落）推进“辣椒种植→辣椒粗加工→辣椒精深加工”产业链提质增效。\n"
    )
    chains = _chains(tmp_path, text, encoding="gb18030", name="plan.md")
    assert [chain.links for chain in chains] == [
        ["辣椒种植", "辣椒粗加工", "辣椒精深加工"],
        ["硅矿", "工业硅"],
    ]
    assert [chain.source.line for chain in chains] == [3, 5]
    assert chains[1].context == "构建“硅矿—工业硅”产业链"


def test_chains_in_table_cells(tmp_path: Path) -> None:
    text = (
        "石柱县工业园区产业链图谱\n"
        "\t产业\n\t产业链\n\n"
        "\t调味品\n\t辣椒种植→辣椒粗加工→辣椒精深加工\n\n"
        "\t铅锌\n\t铅锌矿开采 → 浮选 → 冶炼\n\n"
        "\t年份\n\t2025-2027\n"
    )
    chains = _chains(tmp_path, text)
    assert [chain.links for chain in chains] == [
        ["辣椒种植", "辣椒粗加工", "辣椒精深加工"],
        ["铅锌矿开采", "浮选", "冶炼"],
    ]
    assert [chain.source.line for chain in chains] == [6, 9]


def test_no_chains(tmp_path: Path) -> None:
    assert _chains(tmp_path, "第一章  发展现状\n2022年，全县工业增加值38.25亿元，增长3.8%。\n") == []
