"""Read .html/.htm plan documents: web pages as county governments publish them.

Most county plans are published as a page of the government portal: the plan's
text (often Word's own HTML export) inside a page of menus, a search box,
breadcrumbs, share buttons, scripts and a footer.  The page is parsed with
lxml's HTML parser — already installed for python-docx, written in C, and
forgiving of the broken markup such pages carry (unclosed tags, Word's
``<o:p>``, stray ``</div>``) — and then:

* the encoding comes from a byte-order mark, else the page's own ``<meta
  charset>`` (GB2312/GBK read as GB18030, their superset), else UTF-8, else
  GB18030;
* what is not the article is dropped: scripts, styles, inputs and hidden
  elements; then forms, ``<nav>``/``<aside>``/``<footer>``, elements named as
  menus, breadcrumbs or footers by their class or id, and blocks made mostly
  of links (menus without a name) — but never a block that holds a large part
  of the page's text outside links, so the article itself is safe whatever it
  is called (ASP.NET portals wrap the whole page in one ``<form>``);
* the rest is written in reading order, one line per paragraph (``<br>``
  starts another line of the same paragraph), and each data table flattened
  like Word's text export and the .docx reader: ``\\t`` + cell text per line,
  a blank line between rows.  ``colspan`` is one cell; a cell covered by a
  ``rowspan`` from above is an empty cell ("same as above"), as a vertically
  merged Word cell is, so the table and project recognisers see one shape
  whatever the format.  Tables used for layout (a table holding tables, or a
  single column) are read as the text they hold.

Every line carries ``paragraph``: the position of its paragraph or table among
the blocks of the article, as in the .docx reader.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from planwatch.errors import UnreadableDocument
from planwatch.plan.document import Cell, Document, Line, Row, Table
from planwatch.plan.read.segment import segment
from planwatch.plan.text import clean
from planwatch.textfile import decode as decode_fallback

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_GB = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "windows-936", "ms936", "euc-cn", "hz-gb-2312", "gb18030"}
_LATIN = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii"}
"""Declared by server defaults on pages that are really UTF-8 or GBK: not believed."""

_DROP = {
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "frame",
    "object",
    "embed",
    "svg",
    "canvas",
    "map",
    "input",
    "select",
    "option",
    "button",
    "textarea",
    "dialog",
    "audio",
    "video",
}
_CHROME = {"form", "nav", "aside", "footer"}
"""Page chrome — unless it holds the article: ASP.NET portals wrap the whole page in one <form>."""
_DROP_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar", "dialog"}
_BOILERPLATE = re.compile(
    r"(?:^|[-_\s])(?:nav|navs|navbar|navigation|menu|menus|submenu|breadcrumbs?|crumbs?|footer|foot|copyright|"
    r"position|location|curpos|dqwz|share|sharing|sidebar|search|searchbox|toolbar|skip|related|friendlink|links|"
    r"weixin|wechat|qrcode|login)"
    r"(?:[-_\s\d]|$)",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BLOCKS = {
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "ol",
    "p",
    "section",
    "summary",
    "td",
    "th",
    "tr",
    "ul",
}
_SPACE = re.compile(r"[ \t\r\n\f]+")
KEEP_SHARE = 0.25
"""A block holding at least this share of the page's text is article, whatever it is called."""
LINK_DENSITY = 0.6
MIN_LINKS = 3
MAX_CELL_CHARS = 600
MAX_CELL_PARAGRAPHS = 4
MAX_SPAN = 100
"""colspan/rowspan beyond this is an error in the page, not a table."""


def read_html(path: Path, data: bytes | None = None) -> Document:
    raw = data if data is not None else _read_bytes(path)
    root = _parse(path, raw)
    body = root.find("body") if root.tag == "html" else root
    if body is None:
        body = root
    _strip(body)
    writer = _Writer()
    writer.walk(body)
    writer.flush()
    if not any(line.text.strip() for line in writer.lines):
        raise UnreadableDocument(
            path,
            "网页中没有正文文字（可能只有菜单和脚本，正文由脚本另行加载）",
            "请在浏览器中打开该网页，待正文显示后“另存为 → 网页，全部”再导入，或复制正文另存为 .txt 后导入。",
        )
    blocks, repairs = segment(writer.lines, writer.tables)
    return Document(
        path=str(path), format=path.suffix.lower().lstrip("."), lines=writer.lines, blocks=blocks, repairs=repairs
    )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise UnreadableDocument(
            path, f"文件无法打开（{error.strerror or error}）", "请检查文件权限后重试。"
        ) from error


def decode_html(raw: bytes) -> str | None:
    """The page's text: BOM, then the declared charset (if it decodes), then UTF-8, then GB18030."""
    if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_fallback(raw)
    head = raw[:4096]
    declared = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        name = "gb18030" if name in _GB else name
        if name not in _LATIN:
            try:
                return raw.decode(codecs.lookup(name).name)
            except (LookupError, UnicodeDecodeError):
                pass  # an unknown or wrong declaration: detect instead
    return decode_fallback(raw)


def _corrupt(path: Path) -> UnreadableDocument:
    return UnreadableDocument(
        path,
        "不是有效的网页文件（文件已损坏、下载不完整，或是其他格式的文件改了扩展名）",
        "请在浏览器中打开该网页，“另存为 → 网页，全部（*.htm;*.html）”后再导入；也可复制正文另存为 .txt 后导入。",
    )


def _parse(path: Path, raw: bytes) -> Any:
    if b"\x00" in raw[:4096] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _corrupt(path)
    text = decode_html(raw)
    if text is None:
        raise UnreadableDocument(
            path,
            "网页的文字编码无法识别（既不是所声明的编码，也不是 UTF-8 或 GBK/GB18030）",
            "请在浏览器中打开该网页，确认文字显示正常后“另存为”（编码选 UTF-8）再导入。",
        )
    text = _XML_DECLARATION.sub("", text)
    if "<" not in text or not re.search(r"<\s*[A-Za-z!]", text):
        raise _corrupt(path)
    try:
        return lxml.html.document_fromstring(text)
    # ParserError ("Document is empty") and XMLSyntaxError are both LxmlError; ValueError
    # for text lxml refuses outright (control characters it cannot represent).
    except (etree.LxmlError, ValueError) as error:
        raise _corrupt(path) from error


# ------------------------------------------------------------ boilerplate


def _text_length(element: Any) -> int:
    return len(_SPACE.sub("", element.text_content()))


def _is_hidden(element: Any) -> bool:
    return (
        element.get("hidden") is not None
        or bool(_HIDDEN.search(element.get("style") or ""))
        or element.get("type") == "hidden"
    )


def _strip(body: Any) -> None:
    """Drop what is not the article, in place (see the module docstring)."""
    etree.strip_elements(body, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    for element in list(body.iter()):
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in _DROP or _is_hidden(element):
            _drop(element)
    total = max(_prose_length(body), 1)
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element is body or not _attached(element, body):
            continue
        # What a block says outside its links decides whether it may be article text.
        article = _prose_length(element) >= KEEP_SHARE * total
        names = f"{element.get('class') or ''} {element.get('id') or ''}"
        tag = element.tag.lower()
        chrome = tag in _CHROME or (element.get("role") or "").lower() in _DROP_ROLES
        page_header = tag == "header" and element.find(".//h1") is None
        if (chrome or page_header or _BOILERPLATE.search(names)) and not article:
            _drop(element)
            continue
        links = element.findall(".//a")
        if len(links) >= MIN_LINKS and not article:
            length = _text_length(element)
            linked = sum(_text_length(link) for link in links)
            if length and linked >= LINK_DENSITY * length:
                _drop(element)


def _prose_length(element: Any) -> int:
    """Characters of text outside links."""
    return _text_length(element) - sum(_text_length(link) for link in element.iter("a"))


def _attached(element: Any, root: Any) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent is root:
            return True
        parent = parent.getparent()
    return False


def _drop(element: Any) -> None:
    """Remove an element and its content, keeping the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


# --------------------------------------------------------------- writing


def _is_layout(table: Any) -> bool:
    """A table that arranges the page (a menu beside the article) rather than holding data.

    It holds tables, has a single column, or has a cell holding an article: a heading,
    several paragraphs, or more text than any cell of a plan's tables (建设内容 runs to a
    few hundred characters).
    """
    if table.find(".//table") is not None:
        return True
    rows = _rows(table)
    if max((len(_cells(tr)) for tr in rows), default=0) < 2:
        return True
    for tr in rows:
        for cell in _cells(tr):
            paragraphs = [p for p in cell.iter("p", "div") if _text_length(p)]
            if (
                len(paragraphs) > MAX_CELL_PARAGRAPHS
                or _text_length(cell) > MAX_CELL_CHARS
                or any(True for _ in cell.iter("h1", "h2", "h3", "h4", "h5", "h6"))
            ):
                return True
    return False


def _rows(table: Any) -> list[Any]:
    """The table's own rows (through thead/tbody/tfoot), not those of tables nested in it."""
    return [tr for tr in table.iter("tr") if _owner(tr) is table]


def _owner(element: Any) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cells(tr: Any) -> list[Any]:
    return [child for child in tr if isinstance(child.tag, str) and child.tag in {"td", "th"}]


def _span(cell: Any, name: str) -> int:
    value = re.sub(r"\D", "", cell.get(name) or "")
    return min(max(int(value), 1), MAX_SPAN) if value else 1


def _flat_text(element: Any) -> str:
    """All text of a cell on one line: paragraphs, line breaks and nested blocks joined by spaces."""
    parts: list[str] = []

    def visit(node: Any) -> None:
        block = node.tag in _BLOCKS or node.tag == "br"
        if block:
            parts.append(" ")
        if node.text and node.tag != "br":
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                visit(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append(" ")

    visit(element)
    return _SPACE.sub(" ", "".join(parts)).strip()


@dataclass
class _Writer:
    lines: list[Line] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    block: int = 0
    pending: list[str] = field(default_factory=list)
    opened: bool = False
    """The current paragraph already has a line (a ``<br>`` ended one)."""

    def _line(self, text: str) -> int:
        number = len(self.lines) + 1
        self.lines.append(Line(number=number, text=text, paragraph=self.block))
        return number

    def text(self, text: str | None) -> None:
        if text:
            self.pending.append(text)

    def flush(self, soft: bool = False) -> None:
        """End the current line; ``soft`` (a ``<br>``) keeps the paragraph open."""
        text = _SPACE.sub(" ", "".join(self.pending)).strip(" \t\r\n\f")
        self.pending.clear()
        text = text.strip()
        if text:
            if not self.opened:
                self.block += 1
            self._line(text)
            self.opened = soft
        elif not soft:
            self.opened = False

    def walk(self, element: Any) -> None:
        tag = element.tag
        if tag == "br":
            self.flush(soft=True)
            return
        if tag == "table" and not _is_layout(element):
            self.flush()
            self.table(element)
            return
        if tag == "pre":
            self.flush()
            for piece in element.text_content().split("\n"):
                self.text(piece)
                self.flush(soft=True)
            self.flush()
            return
        block = tag in _BLOCKS or tag == "table"
        if block:
            self.flush()
        self.text(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self.walk(child)
            self.text(child.tail)
        if block:
            self.flush()

    def table(self, table: Any) -> None:
        caption = table.find("caption")
        if caption is not None:
            self.text(_flat_text(caption))
            self.flush()
        self.block += 1
        self.opened = False
        rows: list[Row] = []
        first_line = 0
        last_line = 0
        covered: dict[int, tuple[int, int]] = {}  # grid column → (rows still covered, columns spanned)
        for tr in _rows(table):
            texts: list[str] = []
            column = 0
            cells = iter(_cells(tr))
            while True:
                if column in covered:
                    remaining, width = covered[column]
                    texts.append("")  # covered by a rowspan from above: "same as above"
                    if remaining > 1:
                        covered[column] = (remaining - 1, width)
                    else:
                        del covered[column]
                    column += width
                    continue
                cell = next(cells, None)
                if cell is None:
                    later = sorted(c for c in covered if c > column)
                    if not later:
                        break
                    column = later[0]
                    continue
                width = _span(cell, "colspan")
                height = _span(cell, "rowspan")
                texts.append(_flat_text(cell))
                if height > 1:
                    covered[column] = (height - 1, width)
                column += width
            if not texts:
                continue
            built: list[Cell] = []
            for text in texts:
                number = self._line(f"\t{text}")
                first_line = first_line or number
                last_line = number
                built.append(Cell(text=clean(text), line=number))
            self._line("")
            if any(cell.text for cell in built):
                rows.append(Row(cells=tuple(built), line=built[0].line))
        if rows:
            self.tables.append(Table(rows=rows, line=first_line, end=last_line))
