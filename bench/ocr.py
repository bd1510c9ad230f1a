"""Seconds per page of OCR on a scanned PDF (goal: < 5 s a page on 2 cores).

Run: .venv/bin/python bench/ocr.py [SCAN.pdf] [--dpi N] [--json]

Without a file, the scan the tests use is built first (needs LibreOffice): the
seed plan's front matter, indicator table and project annex laid out in Word,
exported to PDF by LibreOffice and rasterised to grey JPEG pages — about 7
pages, most of them dense tables.  Prints per page the seconds spent finding
text, reading it and finding the tables, then the whole ``read`` (rendering,
OCR, layout) per page, wall clock and CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pypdfium2

ROOT = Path(__file__).resolve().parents[1]
GOAL_S = 5.0


def _seed_scan(workdir: Path) -> Path:
    sys.path.insert(0, str(ROOT))  # the fixture builders live with the tests
    from tests.plan.read.formats import build_office_docx, build_scan, office_pdf

    word = build_office_docx(workdir / "plan.docx")
    return build_scan(office_pdf(word, workdir), workdir / "scan.pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdf", nargs="?", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    from planwatch.plan.read import read
    from planwatch.plan.read.ocr import OCR_DPI, Timings, read_image

    with tempfile.TemporaryDirectory() as work:
        path = args.pdf or _seed_scan(Path(work))
        scale = 72 / OCR_DPI
        pages = []
        document = pypdfium2.PdfDocument(str(path))
        read_image(path, np.full((64, 64), 255, dtype=np.uint8), scale)  # load the models once
        for index in range(len(document)):
            image = np.asarray(document[index].render(scale=1 / scale, grayscale=True).to_pil().convert("L"))
            timings = Timings()
            started = time.perf_counter()
            found = read_image(path, image, scale, timings)
            pages.append(
                {
                    "page": index + 1,
                    "seconds": round(time.perf_counter() - started, 2),
                    "detect_s": round(timings.detect, 2),
                    "recognise_s": round(timings.recognise, 2),
                    "tables_s": round(timings.tables, 2),
                    "lines": len(found.lines),
                    "tables": len(found.tables),
                }
            )
        document.close()
        cpu = os.times()
        started = time.perf_counter()
        read(path, ocr="always")
        wall = time.perf_counter() - started
        cpu_used = sum(os.times()[:2]) - sum(cpu[:2])
    per_page = wall / len(pages)
    result = {
        "file": path.name,
        "pages": len(pages),
        "dpi": OCR_DPI,
        "cores": os.cpu_count(),
        "per_page": pages,
        "read_s_per_page": round(per_page, 2),
        "read_cpu_s_per_page": round(cpu_used / len(pages), 2),
        "goal_s": GOAL_S,
        "meets_goal": per_page < GOAL_S,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for page in pages:
        print(
            f"page {page['page']}: {page['seconds']:.2f} s (find text {page['detect_s']:.2f}, "
            f"read {page['recognise_s']:.2f}, tables {page['tables_s']:.2f}); "
            f"{page['lines']} lines, {page['tables']} tables"
        )
    verdict = "met" if result["meets_goal"] else "missed"
    print(
        f"{result['file']}: {result['pages']} pages at {OCR_DPI} dpi on {result['cores']} cores — "
        f"read {per_page:.2f} s a page (CPU {result['read_cpu_s_per_page']:.2f} s); goal < {GOAL_S:.0f} s: {verdict}"
    )


if __name__ == "__main__":
    main()
