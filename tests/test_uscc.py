from __future__ import annotations

import random

import pytest

from planwatch.errors import InputError
from planwatch.uscc import (
    CHARSET,
    WEIGHTS,
    InvalidUSCC,
    check_character,
    is_valid,
    make_uscc,
    normalise,
    organisation_check_character,
    validate,
)

# Published codes, checked in the reference notes (official-criteria.md §7) against both checks.
REAL_CODES = [
    "91110108551385082Q",
    "91350200776049653A",
    "91350200MA2YJ1XR9G",
    "913502000728319549",
    "91110000600037341L",
]

# Worked by hand for 91350200MA2YJ1XR9G:
#   values  9  1  3  5  0  2  0  0  M=21 A=10  2 Y=30 J=18  1 X=29 R=25  9
#   weights 1  3  9 27 19 26 16 17   20   29 25   13    8 24   10   30 28
#   products 9 3 27 135 0 52 0 0    420  290 50  390  144 24  290  750 252  → Σ = 2836
#   2836 mod 31 = 15;  31 − 15 = 16;  CHARSET[16] = "G"  ✓


def _reference_check(first17: str) -> str:
    """The check character recomputed from the standard's own weight list, independently of the module."""
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(CHARSET.index(char) * weight for char, weight in zip(first17, weights, strict=True))
    check = 31 - total % 31
    return CHARSET[0 if check == 31 else check]


def test_charset_and_weights_match_the_standard() -> None:
    assert len(CHARSET) == 31
    assert not set("IOZSV") & set(CHARSET)
    assert WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize("code", REAL_CODES)
def test_real_codes_are_valid(code: str) -> None:
    assert check_character(code[:17]) == code[17] == _reference_check(code[:17])
    assert organisation_check_character(code[8:16]) == code[16]
    assert validate(code) == code
    assert is_valid(code)


def test_worked_example() -> None:
    code = "91350200MA2YJ1XR9G"
    total = sum(CHARSET.index(char) * weight for char, weight in zip(code[:17], WEIGHTS, strict=True))
    assert total == 2836
    assert check_character(code[:17]) == "G"


@pytest.mark.parametrize(
    "code",
    [
        "N250024000000CT75X",  # N 农业: 集体经济组织 (村级)
        "A1500240000000R298",  # A 中央军委改革和编制办公室
        "Y1110108000000369L",  # Y 其他
        "92500240000000051J",  # 9-2 个体工商户
    ],
)
def test_department_codes_a_n_y_are_accepted(code: str) -> None:
    assert _reference_check(code[:17]) == code[17]
    assert validate(code) == code


@pytest.mark.parametrize(
    "raw",
    [
        "91350200ma2yj1xr9g",
        " 91350200MA2YJ1XR9G\t",
        "9135 0200 MA2Y J1XR 9G",
        "91350200MA2YJ1XR9G\u3000",  # ideographic space, as pasted from Word
        "９１３５０２００ＭＡ２ＹＪ１ＸＲ９Ｇ",  # full-width
        "９１３５０２００ｍａ２ｙｊ１ｘｒ９ｇ",  # full-width lower case
    ],
)
def test_normalisation(raw: str) -> None:
    assert normalise(raw) == "91350200MA2YJ1XR9G"
    assert validate(raw) == "91350200MA2YJ1XR9G"
    assert is_valid(raw)


def _error(code: str) -> InvalidUSCC:
    with pytest.raises(InvalidUSCC) as caught:
        validate(code)
    assert not is_valid(code)
    assert isinstance(caught.value, InputError)
    message = str(caught.value)
    assert code in message
    assert "营业执照" in message
    return caught.value


@pytest.mark.parametrize("code", ["", "9135020077604965", "91350200776049653AA", "91350200776049653"])
def test_wrong_length(code: str) -> None:
    error = _error(code)
    assert f"长度为 {len(code)} 位" in str(error)
    assert "应为 18 位" in str(error)


def test_excel_scientific_notation() -> None:
    error = _error("9.13502E+17")
    assert "科学计数法" in error.reason
    assert "文本" in error.fix


@pytest.mark.parametrize(
    ("code", "position", "char", "hint"),
    [
        ("91350200MA2YJIXR9G", 14, "I", "数字 1"),
        ("9135020OMA2YJ1XR9G", 8, "O", "数字 0"),
        ("91350200MA2YJ1XR9Z", 18, "Z", "数字 2"),
        ("91350200MA2YJ1XRSG", 17, "S", "数字 5"),
        ("91350200MV2YJ1XR9G", 10, "V", "字母 U 或 Y"),
    ],
)
def test_excluded_letters(code: str, position: int, char: str, hint: str) -> None:
    error = _error(code)
    assert f"第 {position} 位“{char}”" in error.reason
    assert "I、O、Z、S、V" in error.reason
    assert hint in error.reason


def test_other_characters_outside_the_set() -> None:
    error = _error("913502-0MA2YJ1XR9G")
    assert "第 7 位“-”" in error.reason


def test_division_code_must_be_digits() -> None:
    first17 = "9135A200MA2YJ1XR9"  # every character is in the set; the division code is not numeric
    error = _error(first17 + check_character(first17))
    assert "第 3–8 位“35A200”" in error.reason
    assert "行政区划" in error.reason


def test_wrong_check_character_names_the_expected_one() -> None:
    error = _error("91350200MA2YJ1XR9H")
    assert "第 18 位校验码是“H”" in error.reason
    assert "应为“G”" in error.reason


def test_position_17_organisation_check_is_not_enforced() -> None:
    first17 = "91350200MA2YJ1XR8"  # position 17 fails GB 11714, but position 18 is right for it
    assert organisation_check_character(first17[8:16]) != first17[16]
    assert is_valid(first17 + check_character(first17))


def test_check_character_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="17 位"):
        check_character("9135")
    with pytest.raises(ValueError, match="字符集"):
        check_character("91350200MA2YJIXR9")


def test_make_uscc_is_deterministic_and_well_formed() -> None:
    code = make_uscc("500240", 1)
    assert code == "91500240000000019A"
    assert code == make_uscc("500240", 1)
    assert code[:8] == "91500240"
    assert organisation_check_character(code[8:16]) == code[16]
    assert make_uscc("500240", 0) != code


@pytest.mark.parametrize(
    ("division", "serial", "authority", "category"),
    [
        ("50024", 1, "9", "1"),
        ("50024A", 1, "9", "1"),
        ("500240", -1, "9", "1"),
        ("500240", 31**8, "9", "1"),
        ("500240", 1, "I", "1"),
        ("500240", 1, "9", "12"),
    ],
)
def test_make_uscc_rejects_bad_arguments(division: str, serial: int, authority: str, category: str) -> None:
    with pytest.raises(ValueError):
        make_uscc(division, serial, authority, category)


def _generated_codes() -> list[str]:
    rng = random.Random(32100)
    codes = []
    for _ in range(1000):
        division = f"{rng.randrange(110000, 660000):06d}"
        codes.append(
            make_uscc(division, rng.randrange(31**8), authority=rng.choice(CHARSET), category=rng.choice(CHARSET))
        )
    return codes


def test_generated_codes_are_valid_and_distinct() -> None:
    codes = _generated_codes()
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert is_valid(code), code
        assert _reference_check(code[:17]) == code[17]
        assert organisation_check_character(code[8:16]) == code[16]


def test_every_single_substitution_is_detected() -> None:
    # The weights are non-zero mod the prime 31, so changing one character always changes the sum mod 31.
    for code in _generated_codes()[:100]:
        for position in range(18):
            for char in CHARSET:
                if char != code[position]:
                    changed = code[:position] + char + code[position + 1 :]
                    assert not is_valid(changed), (code, changed)


def test_every_adjacent_transposition_in_the_first_17_is_detected() -> None:
    # Swapping positions i and i+1 changes the sum by (a − b)(w_i − 3·w_i) = −2·w_i·(a − b) ≢ 0 (mod 31).
    for code in _generated_codes()[:200]:
        for position in range(16):
            a, b = code[position], code[position + 1]
            if a != b:
                swapped = code[:position] + b + a + code[position + 2 :]
                assert not is_valid(swapped), (code, swapped)
