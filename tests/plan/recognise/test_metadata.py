"""Front matter of a plan: document number, dates, period, issuer, region, title."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planwatch.plan.model import Period
from planwatch.plan.read import read
from planwatch.plan.recognise.metadata import (
    Metadata,
    find_doc_number,
    five_year_plan,
    parse_date,
    parse_period,
    recognise_metadata,
    region_of,
)

PLANS = Path(__file__).parents[3] / "examples" / "plans"
SHIZHU = PLANS / "003_ee4bfce4192e67e0.txt"
XIUSHAN = PLANS / "000_1528b4e4bd8eb29d.txt"


def _metadata(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "plan.txt") -> Metadata:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return recognise_metadata(read(path))


# ---------------------------------------------------------------- find_doc_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("石柱府发〔2024〕5号", "石柱府发〔2024〕5号"),
        ("秀山府办发〔2022〕3号", "秀山府办发〔2022〕3号"),
        ("渝府办发[2020]99号", "渝府办发〔2020〕99号"),
        ("渝府发（2021）18号", "渝府发〔2021〕18号"),
        ("渝府发(2021)29号", "渝府发〔2021〕29号"),
        ("石柱府发［2022］26号", "石柱府发〔2022〕26号"),
        ("石柱府发【2021】17号", "石柱府发〔2021〕17号"),
        ("石柱府发〔２０２４〕５号", "石柱府发〔2024〕5号"),
        ("  石柱府发 〔 2024 〕 5 号  ", "石柱府发〔2024〕5号"),
        ("石柱府发\u3000〔2024〕\u30005号", "石柱府发〔2024〕5号"),
        ("**秀山府办发〔2022〕3号**", "秀山府办发〔2022〕3号"),
        ("国办发〔2021〕第8号", "国办发〔2021〕8号"),
        ("国办发〔2021〕08号", "国办发〔2021〕8号"),
        # A number cited in running text: the citing verb is not part of it.
        ("根据渝府办发〔2020〕99号文件精神", "渝府办发〔2020〕99号"),
        ("（渝府办发〔2020〕99号）、（渝府发〔2021〕18号）", "渝府办发〔2020〕99号"),
    ],
)
def test_find_doc_number(text: str, expected: str) -> None:
    assert find_doc_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "石柱县工业园区产业发展规划（2023—2027年）",
        "（2021）",  # a year in brackets is not a document number
        "2024年1月23日",
        "〔2024〕5号",  # no issuing organ
    ],
)
def test_find_doc_number_none(text: str) -> None:
    assert find_doc_number(text) is None


# ---------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年1月23日", (date(2024, 1, 23), "day")),
        ("2024年1月23日印发", (date(2024, 1, 23), "day")),
        ("  2024年1月23日 ", (date(2024, 1, 23), "day")),
        ("2024 年 1 月 23 日", (date(2024, 1, 23), "day")),
        ("２０２４年１月２３日", (date(2024, 1, 23), "day")),
        ("**2022年1月4日**", (date(2022, 1, 4), "day")),
        ("2024-01-23", (date(2024, 1, 23), "day")),
        ("2024/1/23", (date(2024, 1, 23), "day")),
        ("2024.1.23", (date(2024, 1, 23), "day")),
        ("二〇二一年十二月", (date(2021, 12, 1), "month")),
        ("二○二一年十二月", (date(2021, 12, 1), "month")),  # ○ (a circle) written for 〇
        ("二〇二四年一月二十三日", (date(2024, 1, 23), "day")),
        ("二〇二二年一月四日", (date(2022, 1, 4), "day")),
        ("2023年9月", (date(2023, 9, 1), "month")),
        ("2024年", (date(2024, 1, 1), "year")),
        ("二〇二一年", (date(2021, 1, 1), "year")),
        # The first date in the text wins.
        ("2023年9月，习近平总书记作出重要指示；2024年1月23日印发", (date(2023, 9, 1), "month")),
    ],
)
def test_parse_date(text: str, expected: tuple[date, str]) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "石柱土家族自治县人民政府",
        "2024年2月30日",  # no such day
        "到2027年，园区“专精特新”企业20家",  # a year in running text is not a date
        "2023—2027年",
        "111.48",
    ],
)
def test_parse_date_none(text: str) -> None:
    assert parse_date(text) is None


# ---------------------------------------------------------------- parse_period


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023—2027年", (2023, 2027)),
        ("2021-2025", (2021, 2025)),
        ("2021–2025", (2021, 2025)),
        ("2021－2025年", (2021, 2025)),
        ("2021～2025年", (2021, 2025)),
        ("2021~2025年", (2021, 2025)),
        ("2021至2025年", (2021, 2025)),
        ("2021年至2025年", (2021, 2025)),
        ("2021年—2025年", (2021, 2025)),
        ("（2021—2025年）", (2021, 2025)),
        ("(2021-2025)", (2021, 2025)),
        ("２０２１—２０２５年", (2021, 2025)),
        ("2021 — 2025 年", (2021, 2025)),
        ("（2023 2027年）", (2023, 2027)),
        ("2023 2027", (2023, 2027)),
        ("石柱县工业园区产业发展规划（2023—2027年）", (2023, 2027)),
        ("规划期为 2021—2025 年。", (2021, 2025)),
        # Five-year plans by their ordinal: the 3rd began in 1966, each later one five years on.
        ("“十四五”", (2021, 2025)),
        ('"十四五"', (2021, 2025)),
        ("十四五规划", (2021, 2025)),
        ("“十三五”期间", (2016, 2020)),
        ("十一五时期", (2006, 2010)),
        ("“十五”计划", (2001, 2005)),
        ("“九五”", (1996, 2000)),
        ("第十四个五年规划", (2021, 2025)),
        ("秀山土家族苗族自治县制造业高质量发展“十四五”规划", (2021, 2025)),
        # Explicit years win over an ordinal.
        ("制造业高质量发展“十四五”规划（2021—2025年）", (2021, 2025)),
    ],
)
def test_parse_period(text: str, expected: tuple[int, int]) -> None:
    assert parse_period(text) == Period(start=expected[0], end=expected[1])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2024-01-23",  # a date, not a period
        "2025—2021年",  # backwards
        "2021年，全县工业增加值2025万元",
        "二〇三五年远景目标",
        "十五年",  # fifteen years, not the 10th five-year plan
        "全县2023年有企业2027家",
    ],
)
def test_parse_period_none(text: str) -> None:
    assert parse_period(text) is None


def test_five_year_plan_rule() -> None:
    assert five_year_plan(3) == Period(start=1966, end=1970)
    assert five_year_plan(15) == Period(start=2026, end=2030)
    assert five_year_plan(2) is None  # before the 1963–1965 adjustment the rule does not hold


# ---------------------------------------------------------------- region_of


@pytest.mark.parametrize(
    ("issuer", "expected"),
    [
        ("石柱土家族自治县人民政府", "石柱土家族自治县"),
        ("秀山土家族苗族自治县人民政府办公室", "秀山土家族苗族自治县"),
        # A name carrying its municipality gives the county: the lowest unit.
        ("重庆市石柱土家族自治县人民政府", "石柱土家族自治县"),
        ("万州区人民政府", "万州区"),
        ("重庆市万州区人民政府办公室", "万州区"),
        ("重庆市人民政府", "重庆市"),
        ("石柱县经济和信息化委员会", "石柱县"),
        ("石柱县工业园区管理委员会", "石柱县"),  # a park is not a place
        ("石柱县城市管理局", "石柱县"),  # 城市 is not a city
        ("湖北省荆州市沙市区人民政府", "沙市区"),
        ("沙县人民政府", "沙县"),
        ("恩施土家族苗族自治州人民政府", "恩施土家族苗族自治州"),
        ("  石柱土家族自治县 人民政府 ", "石柱土家族自治县"),
    ],
)
def test_region_of(issuer: str, expected: str) -> None:
    assert region_of(issuer) == expected


@pytest.mark.parametrize("issuer", [None, "", "国务院办公厅", "人民政府"])
def test_region_of_none(issuer: str | None) -> None:
    assert region_of(issuer) is None


# ---------------------------------------------------------------- the seed plans


def test_shizhu_seed() -> None:
    meta = recognise_metadata(read(SHIZHU))
    assert meta.doc_number == "石柱府发〔2024〕5号"
    assert meta.published == date(2024, 1, 23)
    assert meta.period == Period(start=2023, end=2027)
    assert meta.title == "石柱县工业园区产业发展规划（2023—2027年）"
    assert meta.issuer == "石柱土家族自治县人民政府"
    assert meta.region == "石柱土家族自治县"
    # Provenance: the document number on line 3, the notice title on line 6,
    # the signature on line 9 and its date on line 10.
    assert meta.sources["doc_number"].line == 3
    assert meta.sources["title"].line == 6
    assert meta.sources["period"].line == 6
    assert meta.sources["issuer"].line == 9
    assert meta.sources["issuer"].text == "石柱土家族自治县人民政府"
    assert meta.sources["published"].line == 10
    assert meta.sources["published"].text == "2024年1月23日"
    assert meta.sources["region"].line == 9


def test_xiushan_seed() -> None:
    meta = recognise_metadata(read(XIUSHAN))
    assert meta.doc_number == "秀山府办发〔2022〕3号"
    # The signature date of the notice, not the compile date 二〇二一年十二月 under the cover title.
    assert meta.published == date(2022, 1, 4)
    assert meta.period == Period(start=2021, end=2025)
    assert meta.title == "秀山土家族苗族自治县制造业高质量发展“十四五”规划（2021—2025年）"
    assert meta.issuer == "秀山土家族苗族自治县人民政府办公室"
    assert meta.region == "秀山土家族苗族自治县"
    assert meta.sources["doc_number"].line == 5
    assert meta.sources["title"].line == 9
    assert meta.sources["issuer"].line == 15
    assert meta.sources["published"].line == 17
    assert set(meta.sources) == {"doc_number", "title", "period", "published", "issuer", "region"}


# ---------------------------------------------------------------- messy front matter

SHIZHU_NOTICE = """

石柱府发〔2024〕5号

石柱土家族自治县人民政府
关于印发《石柱县工业园区产业发展规划（2023—2027年）》的通知
各乡镇（街道）人民政府（办事处），县政府有关部门，有关单位：
《石柱县工业园区产业发展规划（2023—2027年）》已经县政府同意，现印发给你们，请认真贯彻执行。
                                            石柱土家族自治县人民政府
                                                     2024年1月23日\u0020
（此件公开发布）

石柱县工业园区产业发展规划
（2023—2027年）
前  言
"""


def test_gb18030_encoded_notice(tmp_path: Path) -> None:
    meta = _metadata(tmp_path, SHIZHU_NOTICE, encoding="gb18030")
    assert meta.doc_number == "石柱府发〔2024〕5号"
    assert meta.title == "石柱县工业园区产业发展规划（2023—2027年）"
    assert meta.published == date(2024, 1, 23)
    assert meta.issuer == "石柱土家族自治县人民政府"
    assert meta.region == "石柱土家族自治县"
    assert meta.period == Period(start=2023, end=2027)


def test_crlf_and_full_width_digits(tmp_path: Path) -> None:
    text = SHIZHU_NOTICE.replace("〔2024〕5号", "〔２０２４〕 ５ 号").replace("2024年1月23日", "２０２４年１月２３日")
    meta = _metadata(tmp_path, text.replace("\n", "\r\n"))
    assert meta.doc_number == "石柱府发〔2024〕5号"
    assert meta.published == date(2024, 1, 23)
    assert meta.sources["published"].line == 10


def test_ascii_brackets_and_quotes(tmp_path: Path) -> None:
    text = (
        "秀山府办发[2022]3号\n\n"
        '秀山土家族苗族自治县人民政府办公室关于印发《秀山土家族苗族自治县制造业高质量发展"十四五"规划》的通知\n'
        "各街道办事处：\n"
        "秀山土家族苗族自治县人民政府办公室\n"
        "2022-01-04\n"
    )
    meta = _metadata(tmp_path, text)
    assert meta.doc_number == "秀山府办发〔2022〕3号"
    assert meta.title == '秀山土家族苗族自治县制造业高质量发展"十四五"规划'
    # No years in the title: the period comes from the ordinal of the five-year plan.
    assert meta.period == Period(start=2021, end=2025)
    assert meta.published == date(2022, 1, 4)
    assert meta.issuer == "秀山土家族苗族自治县人民政府办公室"


def test_markdown_header_and_spaced_notice(tmp_path: Path) -> None:
    # As a PDF converter writes it: a header line ``……文件``, bold, spaces inside words.
    text = (
        "# **秀山土家族苗族自治县人民政府办公室文件**\n\n"
        "秀山府办发〔2022〕3号\n\n---\n\n"
        "## 秀山土家族苗族自治县人民政府办公室 关于印发《秀山土家族苗族自治县 制造业高质量发展"
        "“十四五”规划（2021—2025年）》的 通 知\n\n"
        "各街道办事处，乡镇人民政府：\n\n"
        "二〇二一年十二月\n"
    )
    meta = _metadata(tmp_path, text, name="plan.md")
    assert meta.title == "秀山土家族苗族自治县制造业高质量发展“十四五”规划（2021—2025年）"
    # No signature before a date: the issuer is the header without 文件.
    assert meta.issuer == "秀山土家族苗族自治县人民政府办公室"
    assert meta.sources["issuer"].line == 1
    # Only a month date: it is used.
    assert meta.published == date(2021, 12, 1)
    assert meta.region == "秀山土家族苗族自治县"


def test_issuer_before_notice_words(tmp_path: Path) -> None:
    text = "万州区人民政府关于印发万州区工业发展规划（2021—2025年）的通知\n各镇乡人民政府：\n"
    meta = _metadata(tmp_path, text)
    assert meta.title == "万州区工业发展规划（2021—2025年）"
    assert meta.issuer == "万州区人民政府"
    assert meta.region == "万州区"
    assert meta.doc_number is None
    assert meta.published is None
    assert "published" not in meta.sources


def test_signature_and_date_on_one_line(tmp_path: Path) -> None:
    text = (
        "关于印发《某某县产业发展规划（2023—2027年）》的通知\n"
        "现印发给你们，请认真贯彻执行。\n"
        "某某县人民政府      2024年1月23日\n"
    )
    meta = _metadata(tmp_path, text)
    assert meta.published == date(2024, 1, 23)
    assert meta.issuer == "某某县人民政府"
    assert meta.region == "某某县"


def test_plan_without_notice(tmp_path: Path) -> None:
    # Only the cover: title, its period on the next line, the compile date.
    text = "\n石柱县工业园区产业发展规划\n（2023—2027年）\n\n二〇二三年十二月\n\n第一章  发展现状\n2024年1月1日\n"
    meta = _metadata(tmp_path, text)
    assert meta.title == "石柱县工业园区产业发展规划（2023—2027年）"
    assert meta.sources["title"].line == 2
    assert meta.period == Period(start=2023, end=2027)
    assert meta.published == date(2023, 12, 1)  # the date after 第一章 is not front matter
    assert meta.issuer is None
    assert meta.region == "石柱县"  # from the title when no issuer signs


def test_cited_documents_are_not_the_plans_own(tmp_path: Path) -> None:
    text = (
        "石柱县工业园区产业发展规划\n"
        "根据《重庆市制造业高质量发展“十四五”规划（2021—2025年）》（渝府发〔2021〕18号），编制本规划。\n"
        "2023年9月，习近平总书记就推进新型工业化作出重要指示。\n"
    )
    meta = _metadata(tmp_path, text)
    assert meta.title == "石柱县工业园区产业发展规划"
    assert meta.doc_number is None
    assert meta.period is None
    assert meta.published is None


def test_period_in_preface(tmp_path: Path) -> None:
    text = "某某县制造业发展规划\n\n本规划是指导全县制造业发展的行动纲领，规划期为 2021—2025 年。\n"
    meta = _metadata(tmp_path, text)
    assert meta.period == Period(start=2021, end=2025)
    assert meta.sources["period"].line == 3


def test_empty_front_matter(tmp_path: Path) -> None:
    meta = _metadata(tmp_path, "第一章  发展现状\n近年来，全县工业经济提质增效。\n")
    assert meta == Metadata()


def test_notice_cut_over_lines_and_issuer_above_it(tmp_path: Path) -> None:
    # A .docx notice whose title line breaks inside 《》; the issuer stands on the line above,
    # and nobody signs the notice.
    text = (
        "某某县人民政府\n"
        "关于印发《某某县工业园区产业发展规划\n"
        "（2023—2027年）》的通知\n"
        "各乡镇人民政府：\n"
        "某某县工业园区产业发展规划\n"
        "（2023—2027年）\n"
    )
    meta = _metadata(tmp_path, text)
    assert meta.title == "某某县工业园区产业发展规划（2023—2027年）"
    assert meta.sources["title"].line == 2
    assert meta.period == Period(start=2023, end=2027)
    assert meta.issuer == "某某县人民政府"
    assert meta.sources["issuer"].line == 1
    assert meta.region == "某某县"


def test_period_line_after_cover_title_is_cited(tmp_path: Path) -> None:
    meta = _metadata(tmp_path, "\n某某县制造业发展规划\n（2021—2025年）\n")
    assert meta.sources["title"].line == 2
    assert meta.sources["period"].line == 3


def test_notice_cited_in_a_sentence_is_not_the_issuer(tmp_path: Path) -> None:
    text = "某某县工业发展规划\n根据县委县政府关于印发产业发展意见的通知精神，制定本规划。\n"
    meta = _metadata(tmp_path, text)
    assert meta.title == "某某县工业发展规划"
    assert meta.issuer is None
    assert meta.region == "某某县"
