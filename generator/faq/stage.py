"""`digest faq`: write the missing LLM FAQs into content/faqs/, cached, budgeted and resumable.

One PDF thread downloads through its own polite queue and feeds up to `llm_concurrency` LLM
threads; each FAQ is written atomically the moment it is done, so an interrupted run loses only
the papers in flight, and the next run picks up exactly what is missing.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import sys
import threading
import time
from dataclasses import dataclass

from tqdm import tqdm

from generator.config import Settings
from generator.content.model import Faq, FaqItem, Paper
from generator.content.store import ContentStore
from generator.errors import ContentError, DigestError, FetchError, LLMError
from generator.faq.injection import answer_evidence, injection_evidence, strip_bidi
from generator.faq.llm import ChatClient, LLMAnswerError, LLMEndpointError
from generator.faq.markdown import faq_html
from generator.faq.pdftext import PdfTextError, extract_text, trim
from generator.faq.prompt import PROMPT_VERSION, AnswerProblem, build_messages, parse_answer
from generator.faq.report import FaqReport
from generator.net.client import PoliteClient
from generator.net.deadline import PoliteClock

log = logging.getLogger(__name__)

INJECTION_FLAG = "prompt-injection"
_DONE = None  # end-of-queue marker
BREAKER = 3
"""Consecutive endpoint failures (revoked key, wrong URL, endpoint down) that stop the run."""


def run_faq(
    settings: Settings,
    date: str | None = None,
    limit: int | None = None,
    *,
    clock: PoliteClock | None = None,
    job_started: float | None = None,
) -> FaqReport:
    """Generate every missing FAQ (of one day, or of all days, newest first) within the budgets.

    `clock` is the arXiv politeness clock shared with an earlier fetch in the same process;
    `job_started` (epoch seconds) is when the whole job began: the time budget counts from then."""
    if not settings.llm_enabled:
        return FaqReport(
            skipped_reason="no LLM endpoint configured (set DIGEST_LLM_MODEL and DIGEST_LLM_BASE_URL or OPENAI_API_KEY)"
        )
    store = ContentStore(settings.content_dir)
    todo, cached = select_papers(store, settings, date)
    report = FaqReport(cached=cached, price_in=settings.llm_price_in, price_out=settings.llm_price_out)
    caps = [n for n in (limit, settings.faq_max_papers or None) if n is not None]
    allowed = todo[: max(0, min(caps))] if caps else todo
    if allowed:
        _Run(settings, store, report, clock, job_started).execute(allowed)
    report.left = len(todo) - report.done - report.failed
    return report


def select_papers(store: ContentStore, settings: Settings, date: str | None) -> tuple[list[Paper], int]:
    """Papers without a current FAQ, newest day first (latest version of each id), and the number cached."""
    latest: dict[str, Paper] = {}
    order: list[str] = []
    dates = [date] if date else list(reversed(store.dates()))
    for day_date in dates:
        day = store.read_day(day_date)
        for paper in day.papers if day else ():
            if paper.id not in latest:
                order.append(paper.id)
            if paper.id not in latest or paper.version > latest[paper.id].version:
                latest[paper.id] = paper
    todo = [latest[pid] for pid in order if not _is_cached(store, settings, latest[pid])]
    return todo, len(order) - len(todo)


def _is_cached(store: ContentStore, settings: Settings, paper: Paper) -> bool:
    """Cache key: id + version + prompt version + model + language (a newer FAQ also counts)."""
    try:
        faq = store.read_faq(paper.id)
    except ContentError as err:
        log.warning("%s; it will be regenerated", err)
        return False
    return (
        faq is not None
        and faq.version >= paper.version
        and faq.prompt_version == PROMPT_VERSION
        and faq.model == settings.llm_model
        and faq.language == settings.faq_language
    )


@dataclass(frozen=True)
class _Job:
    paper: Paper
    pdf: bytes | None


class _Run:
    """One run: a PDF producer thread, N LLM worker threads, shared counters behind a lock."""

    def __init__(
        self,
        settings: Settings,
        store: ContentStore,
        report: FaqReport,
        clock: PoliteClock | None = None,
        job_started: float | None = None,
    ):
        self.settings = settings
        self.store = store
        self.report = report
        self.llm = ChatClient(settings)
        self.pdfs = PoliteClient.for_arxiv(settings, delay=settings.pdf_delay, clock=clock)
        self.lock = threading.Lock()
        self.settled = threading.Condition(self.lock)
        self.queued = self.finished = self.endpoint_failures = 0
        self.proven = False  # the endpoint answered once: PDFs may be fetched ahead of the LLM
        self.stop = threading.Event()
        self.crash: BaseException | None = None
        self.workers = max(1, settings.llm_concurrency)
        self.inbox: queue.Queue[_Job | None] = queue.Queue(maxsize=self.workers)
        self.deadline = _deadline(settings.faq_time_budget, job_started)
        self.bar = tqdm(total=0, unit="paper", desc="faq", disable=not sys.stderr.isatty())

    def execute(self, papers: list[Paper]) -> None:
        self.bar.reset(total=len(papers))
        threads = [threading.Thread(target=self._guard, args=(self._produce, papers), daemon=True)]
        threads += [
            threading.Thread(target=self._guard, args=(self._consume,), daemon=True) for _ in range(self.workers)
        ]
        for t in threads:
            t.start()
        try:
            for t in threads:
                while t.is_alive():  # join in slices so Ctrl-C reaches the main thread
                    t.join(0.2)
        finally:
            self.stop.set()  # on Ctrl-C, workers finish their current paper and take no more
            self.bar.close()
            self.pdfs.close()
            self.report.pdf_requests = self.pdfs.requests_made
            self.report.llm_requests = self.llm.requests_made
        if self.crash is not None:
            raise self.crash

    def _guard(self, target, *args) -> None:
        # A bug in one thread must stop the run and reach the caller, not die silently and leave
        # the other threads blocked on the queue.
        try:
            target(*args)
        except BaseException as err:  # re-raised in the main thread by execute()
            self.crash = err
            self.stop.set()

    # --- producer: PDFs ----------------------------------------------------------------------
    def _produce(self, papers: list[Paper]) -> None:
        for paper in papers:
            if self.stop.is_set() or self._over_token_budget() or self._past_deadline():
                break
            self._put(_Job(paper, self._download(paper)))
            self._await_trust()
        for _ in range(self.workers):
            self._put(_DONE)

    def _await_trust(self) -> None:
        """Until the endpoint has answered once, download the next PDF only after the last paper
        settled: a revoked key then costs BREAKER PDFs, not a whole queue of them."""
        with self.settled:
            self.queued += 1
            while not (self.proven or self.stop.is_set() or self.finished >= self.queued):
                self.settled.wait(0.2)

    def _put(self, job: _Job | None) -> None:
        while not self.stop.is_set():
            try:
                self.inbox.put(job, timeout=0.2)
                return
            except queue.Full:
                continue

    def _download(self, paper: Paper) -> bytes | None:
        url = self.settings.arxiv_pdf_url.rstrip("/") + f"/{paper.versioned_id}"
        try:
            return self.pdfs.get(url).content
        except FetchError as err:
            log.info("%s: no PDF, using the abstract (%s)", paper.versioned_id, err)
            return None

    # --- consumers: LLM ----------------------------------------------------------------------
    def _consume(self) -> None:
        while not self.stop.is_set():
            try:
                job = self.inbox.get(timeout=0.2)
            except queue.Empty:
                continue
            if job is _DONE:
                return
            if self._over_token_budget():
                self._settle_skipped()
            else:
                self._process(job)

    def _settle_skipped(self) -> None:
        with self.settled:
            self.finished += 1
            self.settled.notify_all()

    def _process(self, job: _Job) -> None:
        paper = job.paper
        try:
            faq = self._generate(job)
            self.store.write_faq(faq)
        except (DigestError, OSError) as err:
            log.warning("%s: FAQ failed: %s", paper.versioned_id, err)
            self._settle(paper.id, None, err)
        else:
            self._settle(paper.id, faq, None)
        self.bar.update(1)

    def _settle(self, pid: str, faq: Faq | None, err: BaseException | None) -> None:
        """Count one paper's outcome; trip the breaker after BREAKER endpoint failures in a row."""
        with self.settled:
            self.finished += 1
            if faq is not None:
                self.report.count_done(faq)
                self.proven, self.endpoint_failures = True, 0
            else:
                self.report.failed += 1
                self.report.failures.append((pid, str(err)[:300]))
                endpoint = isinstance(err, LLMEndpointError)
                self.endpoint_failures = self.endpoint_failures + 1 if endpoint else 0
                if self.endpoint_failures >= BREAKER and not self.report.stopped:
                    self.report.stopped = f"{BREAKER} endpoint failures in a row, last: {err}"
                    self.stop.set()
            self.settled.notify_all()

    def _generate(self, job: _Job) -> Faq:
        paper, settings = job.paper, self.settings
        text, kind, full = _paper_input(paper, job.pdf, settings.llm_context_chars)
        source = f"{paper.title}\n{paper.abstract}\n{full}"
        evidence = injection_evidence(source)
        if evidence:
            log.warning("%s: text addresses an LLM (%r); flagged", paper.versioned_id, evidence)
        generated_at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        messages = build_messages(paper, text, kind, settings.faq_language)
        items, tokens_in, tokens_out, duration = self._ask(paper, messages)
        # Bidi overrides reorder what a reader sees: never stored. An answer that obeys an injected
        # instruction (the same phrases, a link the paper does not contain) is flagged too.
        items = tuple(FaqItem(strip_bidi(i.question), strip_bidi(i.answer)) for i in items)
        obeyed = answer_evidence("\n".join(i.answer for i in items), source)
        if obeyed:
            log.warning("%s: the answer looks injected (%r); flagged", paper.versioned_id, obeyed)
        return Faq(
            id=paper.id,
            version=paper.version,
            prompt_version=PROMPT_VERSION,
            model=settings.llm_model,
            language=settings.faq_language,
            input_kind=kind,
            generated_at=generated_at.replace("+00:00", "Z"),
            items=items,
            html=faq_html(items),
            prompt_tokens=tokens_in,
            completion_tokens=tokens_out,
            duration_s=duration,
            flags=(INJECTION_FLAG,) if evidence or obeyed else (),
        )

    def _ask(self, paper: Paper, messages: list[dict[str, str]]) -> tuple[tuple[FaqItem, ...], int, int, float]:
        """The LLM call plus validation; an unusable answer is asked for once more."""
        tokens_in = tokens_out = 0
        duration = 0.0
        problem = ""
        for attempt in (1, 2):
            try:
                answer = self.llm.complete(messages)
            except LLMAnswerError as err:
                self._spend(err.prompt_tokens, err.completion_tokens)
                tokens_in, tokens_out = tokens_in + err.prompt_tokens, tokens_out + err.completion_tokens
                problem = str(err)
            else:
                self._spend(answer.prompt_tokens, answer.completion_tokens)
                tokens_in, tokens_out = tokens_in + answer.prompt_tokens, tokens_out + answer.completion_tokens
                duration += answer.duration_s
                parsed = parse_answer(answer.text, self.settings.faq_language)
                if self.llm.leaks(answer.text):
                    # Stored FAQs are pushed and published: an echoed key must never get there.
                    problem = "answer contains the API key or a piece of it; refused"
                elif answer.finish_reason == "length":
                    # Cut off at max_tokens: the last answer is truncated even if it parses.
                    problem = "answer cut off at the output token limit"
                elif not isinstance(parsed, AnswerProblem):
                    return parsed, tokens_in, tokens_out, duration
                else:
                    problem = parsed.reason
            log.info("%s: unusable answer (attempt %d): %s", paper.versioned_id, attempt, problem)
        raise LLMError(f"no usable answer after 2 attempts ({problem})")

    def _spend(self, tokens_in: int, tokens_out: int) -> None:
        with self.lock:
            self.report.prompt_tokens += tokens_in
            self.report.completion_tokens += tokens_out

    def _past_deadline(self) -> bool:
        # A scheduled job has a hard timeout: stop queuing in time for the content commit.
        return self.deadline is not None and time.monotonic() >= self.deadline

    def _over_token_budget(self) -> bool:
        cap = self.settings.faq_max_tokens
        with self.lock:
            return bool(cap) and self.report.prompt_tokens + self.report.completion_tokens >= cap


def _deadline(budget: float, job_started: float | None) -> float | None:
    """Monotonic time to stop queuing: `budget` seconds after the job (not this step) started."""
    if not budget:
        return None
    spent = max(0.0, time.time() - job_started) if job_started else 0.0
    return time.monotonic() + budget - spent


def _paper_input(paper: Paper, pdf: bytes | None, budget: int) -> tuple[str, str, str]:
    """(prompt text, input kind, full extracted text): trimmed full text, else title + abstract."""
    if pdf is not None:
        try:
            full = extract_text(pdf)
            return trim(full, budget), "fulltext", full
        except PdfTextError as err:
            log.info("%s: %s; using the abstract", paper.versioned_id, err)
    return f"{paper.title}\n\nAbstract\n{paper.abstract}"[:budget], "abstract", ""
