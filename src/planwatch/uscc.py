"""统一社会信用代码 (GB 32100-2015) — the one place that checks and builds them.

Enterprise panels are joined on this code, so a mistyped code silently splits
one enterprise into two; every code that enters planwatch goes through
:func:`validate`, which normalises what people and spreadsheets do to it
(spaces, full-width characters, lower case) and rejects what cannot be a code,
saying which character is wrong.

Structure (18 characters, all from :data:`CHARSET`):

* position 1 — 登记管理部门代码 (1–9, A, N, Y);
* position 2 — 机构类别代码 (depends on position 1);
* positions 3–8 — 登记管理机关行政区划码 (GB/T 2260, six digits);
* positions 9–17 — 主体标识码 (the GB 11714 organisation code; position 17 is
  its own mod-11 check character);
* position 18 — check character, mod 31 over positions 1–17.

What is checked, and why no more:

* Position 1 only has to be in the character set. Department codes A (中央军委改革和编制办公室),
  N (农业) and Y (其他) are real; python-stdnum's ``cn.uscc`` wrongly requires
  the first eight characters to be digits and rejects them, which is why this
  module exists instead of a dependency.
* Position 2 is not checked against a table: the categories differ per
  department and are revised by the departments themselves.
* Positions 3–8 must be digits: the standard assigns them the GB/T 2260
  division code, and every published pattern (uscc-utils' ``\\d{6}``) agrees.
  Whether the division still exists is not checked (codes change yearly, and a
  code keeps the division it was issued under).
* The GB 11714 check at position 17 is not enforced: the position-18 check
  already detects every single-character error, and rejecting an enterprise's
  printed code on a second, older check would help no one.
  :func:`make_uscc` does produce it, so synthetic codes pass both checks.
"""

from __future__ import annotations

import re
import unicodedata

from planwatch.errors import InputError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of a code, in value order (0–30); no I, O, Z, S, V."""

WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))
"""Weight of positions 1..17: 3^(i−1) mod 31 = 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28."""

LENGTH = 18

_VALUES: dict[str, int] = {char: value for value, char in enumerate(CHARSET)}

# GB 11714 organisation code: positions 1–8 weighted, 0–9 A–Z valued 0–35.
_ORG_WEIGHTS: tuple[int, ...] = (3, 7, 9, 10, 5, 8, 4, 2)

# Letters left out of the character set, and what each usually is a mistyping of.
_EXCLUDED_LETTERS: dict[str, str] = {"I": "数字 1", "O": "数字 0", "Z": "数字 2", "S": "数字 5", "V": "字母 U 或 Y"}

_FIX = "请核对营业执照（或国家企业信用信息公示系统）上的代码后重新填写。"


class InvalidUSCC(InputError):
    """A 统一社会信用代码 that cannot be right: says which part is wrong and what to do."""

    def __init__(self, code: str, reason: str, fix: str = _FIX) -> None:
        self.code = code
        self.reason = reason
        self.fix = fix
        super().__init__(f"统一社会信用代码“{code}”有误：{reason}。{fix}")


def normalise(code: str) -> str:
    """Full-width → half-width, every space (also U+3000) removed, upper case; nothing is checked."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", code)).upper()


def check_character(first17: str) -> str:
    """The position-18 check character for the first 17 characters (already normalised).

    C18 = 31 − (Σ value·weight mod 31), with 31 → 0, mapped back through :data:`CHARSET`.
    """
    if len(first17) != LENGTH - 1:
        raise ValueError(f"计算校验码需要 17 位字符，收到 {len(first17)} 位：“{first17}”。")
    bad = [char for char in first17 if char not in _VALUES]
    if bad:
        raise ValueError(f"“{first17}”含有统一社会信用代码字符集之外的字符：{'、'.join(bad)}。")
    total = sum(_VALUES[char] * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def organisation_check_character(first8: str) -> str:
    """The GB 11714 check character (position 17 of a USCC) for the organisation code's first 8 characters.

    C = 11 − (Σ value·weight mod 11), with 10 → ``X`` and 11 → ``0``; values 0–9, A = 10 … Z = 35.
    """
    if len(first8) != 8 or not all(char.isascii() and char.isalnum() for char in first8):
        raise ValueError(f"组织机构代码本体应为 8 位数字或大写字母，收到“{first8}”。")
    total = sum(int(char, 36) * weight for char, weight in zip(first8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def validate(code: str) -> str:
    """The normalised code, or :class:`InvalidUSCC` saying what is wrong with it.

    ``" 91350200ma2yj1xr9g "`` → ``"91350200MA2YJ1XR9G"``; full-width characters are accepted.
    """
    text = normalise(code)
    if re.fullmatch(r"\d(?:\.\d+)?E\+?\d+", text):
        raise InvalidUSCC(
            code,
            "这是科学计数法的数字，代码已被 Excel 当作数值截断",
            "请把该列设为“文本”格式，再从营业执照上重新录入完整的 18 位代码。",
        )
    if len(text) != LENGTH:
        raise InvalidUSCC(code, f"长度为 {len(text)} 位，应为 18 位（去掉空格后）")
    bad = [(position, char) for position, char in enumerate(text, start=1) if char not in _VALUES]
    if bad:
        where = "、".join(f"第 {position} 位“{char}”" for position, char in bad)
        excluded = sorted({char for _, char in bad if char in _EXCLUDED_LETTERS})
        if excluded:
            hint = "，".join(f"“{letter}”可能应为{_EXCLUDED_LETTERS[letter]}" for letter in excluded)
            reason = f"{where}不在代码字符集内：统一社会信用代码不使用字母 I、O、Z、S、V，{hint}"
        else:
            reason = f"{where}不在代码字符集内（只允许数字 0–9 和除 I、O、Z、S、V 以外的大写字母）"
        raise InvalidUSCC(code, reason)
    division = text[2:8]
    if not division.isdigit():
        raise InvalidUSCC(code, f"第 3–8 位“{division}”应为 6 位数字的行政区划代码")
    expected = check_character(text[:17])
    if text[17] != expected:
        raise InvalidUSCC(
            code,
            f"第 18 位校验码是“{text[17]}”，按前 17 位计算应为“{expected}”",
            "前 17 位中很可能有一位抄错或两位顺序颠倒（也可能是校验码本身抄错）；" + _FIX,
        )
    return text


def is_valid(code: str) -> bool:
    """Whether :func:`validate` accepts the code."""
    try:
        validate(code)
    except InvalidUSCC:
        return False
    return True


_SERIAL_WIDTH = 8
SERIAL_LIMIT = len(CHARSET) ** _SERIAL_WIDTH
""":func:`make_uscc` accepts serials 0 ≤ serial < 31^8 (about 8.5 × 10^11)."""


def make_uscc(division: str, serial: int, authority: str = "9", category: str = "1") -> str:
    """A valid code built deterministically from a division code and a serial number (for synthetic data).

    Positions 9–16 are the serial in base 31 over :data:`CHARSET`, zero-padded to 8 characters; position 17
    is their GB 11714 check character (so the code is also a well-formed organisation code) and position 18
    the GB 32100 check. ``make_uscc("500240", 1)`` → ``"91500240000000019A"``; distinct serials give distinct codes.
    """
    if not re.fullmatch(r"\d{6}", division):
        raise ValueError(f"行政区划代码应为 6 位数字，收到“{division}”。")
    for name, char in (("登记管理部门代码", authority), ("机构类别代码", category)):
        if len(char) != 1 or char not in _VALUES:
            raise ValueError(f"{name}应为代码字符集中的 1 个字符，收到“{char}”。")
    if not 0 <= serial < SERIAL_LIMIT:
        raise ValueError(f"序号应在 0 到 {SERIAL_LIMIT - 1} 之间，收到 {serial}。")
    digits: list[str] = []
    rest = serial
    for _ in range(_SERIAL_WIDTH):
        rest, value = divmod(rest, len(CHARSET))
        digits.append(CHARSET[value])
    body = "".join(reversed(digits))
    first17 = authority + category + division + body + organisation_check_character(body)
    return first17 + check_character(first17)
