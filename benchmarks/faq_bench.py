"""Time `digest faq` on the 266-paper sample day against loopback servers (scripted LLM + PDFs).

    .venv/bin/python benchmarks/faq_bench.py [--latency 0.25] [--pdf-delay 0.02] [--concurrency 1 8]

Works on a temporary copy of content/days/2026-06-24.json; never writes into the repo's content/.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from llm_server import FakeLLM, PdfServer, make_pdf  # noqa: E402

from generator.config import Settings  # noqa: E402
from generator.content.store import ContentStore  # noqa: E402
from generator.faq.stage import run_faq  # noqa: E402

DAY = ROOT / "content" / "days" / "2026-06-24.json"


def _latin1(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1")


def bench(concurrency: int, latency: float, pdf_delay: float, pdfs: dict[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp, FakeLLM(latency=latency) as llm, PdfServer() as pdf:
        content = Path(tmp) / "content"
        (content / "days").mkdir(parents=True)
        shutil.copy(DAY, content / "days" / DAY.name)
        pdf.files.update(pdfs)
        settings = Settings(
            content_dir=content,
            llm_base_url=llm.base_url,
            llm_api_key="sk-bench",
            llm_model="bench",
            llm_concurrency=concurrency,
            pdf_delay=pdf_delay,
            arxiv_pdf_url=pdf.pdf_url,
            http_timeout=10,
            llm_timeout=10,
            retry_backoff=0.01,
        )
        started = time.monotonic()
        report = run_faq(settings)
        wall = time.monotonic() - started
        print(
            f"concurrency {concurrency}: {wall:.1f} s wall; {report.summary()}; "
            f"server saw {len(pdf.requests)} PDF and {len(llm.requests)} LLM requests, "
            f"max {llm.max_in_flight} LLM calls in flight"
        )
        llm.requests.clear(), pdf.requests.clear()
        started = time.monotonic()
        again = run_faq(settings)
        print(
            f"  rerun: {time.monotonic() - started:.2f} s; {again.summary()}; "
            f"{len(pdf.requests)} PDF + {len(llm.requests)} LLM requests"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.25, help="scripted LLM latency per call (s)")
    parser.add_argument("--pdf-delay", type=float, default=0.02, help="spacing of PDF downloads (s)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    args = parser.parse_args()
    day = ContentStore(DAY.parent.parent).read_day(DAY.stem)
    started = time.monotonic()
    pdfs = {p.versioned_id: make_pdf(_latin1(p.title)) for p in day.papers}
    print(
        f"{len(day.papers)} papers; made {len(pdfs)} PDFs in {time.monotonic() - started:.1f} s; "
        f"LLM latency {args.latency} s, PDF delay {args.pdf_delay} s"
    )
    for concurrency in args.concurrency:
        bench(concurrency, args.latency, args.pdf_delay, pdfs)


if __name__ == "__main__":
    main()
