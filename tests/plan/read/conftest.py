"""Documents built once per session from the seed: office exports (LibreOffice) and a scan (OCR).

Both are slow — LibreOffice takes a few seconds a conversion, OCR a few seconds a
page — so each is made once and shared by the tests that read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest

from planwatch.plan.document import Document
from planwatch.plan.extract import extract
from planwatch.plan.model import Plan
from planwatch.plan.read import read
from planwatch.plan.read.office import find_soffice
from tests.builders import SEED
from tests.plan.read.formats import build_office_docx, build_scan, office_doc, office_pdf

needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None,
    reason="LibreOffice 未安装（apt-get install libreoffice-writer-nogui；make test 会自动安装）",
)


@dataclass(frozen=True)
class Office:
    """The seed in the office layout: the Word file, its PDF export and its .doc copy (LibreOffice)."""

    docx: Path
    pdf: Path
    doc: Path


@dataclass(frozen=True)
class Scan:
    """A PDF whose first page has a text layer and whose other pages are scanned images, as read."""

    path: Path
    document: Document
    progress: list[tuple[int, int]]


@pytest.fixture(scope="session")
def seed_plan() -> Plan:
    return extract(SEED)


@pytest.fixture(scope="session")
def office(tmp_path_factory: pytest.TempPathFactory) -> Office:
    if find_soffice() is None:
        pytest.skip("LibreOffice 未安装（apt-get install libreoffice-writer-nogui；make test 会自动安装）")
    folder = tmp_path_factory.mktemp("office")
    word = build_office_docx(folder / "plan.docx")
    return Office(docx=word, pdf=office_pdf(word, folder), doc=office_doc(word, folder))


@pytest.fixture(scope="session")
def scan(office: Office, tmp_path_factory: pytest.TempPathFactory) -> Scan:
    """The office PDF with its table pages scanned, read once (OCR of only the scanned pages)."""
    folder = tmp_path_factory.mktemp("scan")
    images = build_scan(office.pdf, folder / "images.pdf")
    mixed = pypdfium2.PdfDocument.new()
    text = pypdfium2.PdfDocument(str(office.pdf))
    scanned = pypdfium2.PdfDocument(str(images))
    try:
        mixed.import_pages(text, [0])  # the front matter keeps its text layer
        mixed.import_pages(scanned, list(range(1, len(scanned))))
        path = folder / "scan.pdf"
        mixed.save(str(path))
    finally:
        for pdf in (mixed, text, scanned):
            pdf.close()
    calls: list[tuple[int, int]] = []
    document = read(path, progress=lambda done, total: calls.append((done, total)))
    return Scan(path=path, document=document, progress=calls)
