"""What one `digest faq` run did, as counters and the one summary line the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.content.model import Faq


@dataclass
class FaqReport:
    done: int = 0
    cached: int = 0
    failed: int = 0
    left: int = 0
    """Papers still without a current FAQ because a budget (papers, tokens, --limit) stopped the run."""
    skipped_reason: str = ""
    """Set when the whole stage was skipped (no endpoint configured)."""
    fulltext: int = 0
    abstract_only: int = 0
    flagged: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    price_in: float = 0.0
    price_out: float = 0.0
    pdf_requests: int = 0
    llm_requests: int = 0
    stopped: str = ""
    """Why the circuit breaker stopped the run early (revoked key, endpoint down), else empty."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(paper id, one-line error) of the papers that failed, for the run log."""

    def count_done(self, faq: Faq) -> None:
        self.done += 1
        if faq.input_kind == "fulltext":
            self.fulltext += 1
        else:
            self.abstract_only += 1
        if faq.flags:
            self.flagged += 1

    def to_record(self) -> dict:
        """The `faq` part of a run-log record (docs/content-schema.md)."""
        keys = ("done", "cached", "failed", "left", "fulltext", "abstract_only", "flagged")
        data: dict = {k: getattr(self, k) for k in keys}
        data |= {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens}
        data |= {"pdf_requests": self.pdf_requests, "llm_requests": self.llm_requests}
        if self.cost is not None:
            data["cost"] = round(self.cost, 6)
        if self.stopped or self.skipped_reason:
            data["stopped"] = self.stopped or self.skipped_reason
        data["failures"] = [{"id": pid, "error": err} for pid, err in self.failures[:50]]
        return data

    @property
    def cost(self) -> float | None:
        """Estimated cost in the price's currency, when prices are configured."""
        if not (self.price_in or self.price_out):
            return None
        return (self.prompt_tokens * self.price_in + self.completion_tokens * self.price_out) / 1e6

    def problem(self) -> str:
        """Why this run must fail the job (the operator has to act), or "" when it did its work."""
        if self.stopped:
            return f"FAQ run stopped: {self.stopped}"
        if self.failed and not self.done:
            return f"every FAQ of this run failed ({self.failed}); see the warnings above"
        return ""

    def summary(self) -> str:
        if self.skipped_reason:
            return f"faq: skipped, {self.skipped_reason}"
        line = f"faq: {self.done} done, {self.cached} cached, {self.failed} failed, {self.left} skipped"
        if self.left:
            line += f" (budget reached, {self.left} left for the next run)"
        if self.done:
            line += f"; input {self.fulltext} full text, {self.abstract_only} abstract only"
        if self.flagged:
            line += f"; {self.flagged} flagged prompt-injection"
        line += f"; tokens {self.prompt_tokens:,} in / {self.completion_tokens:,} out"
        if self.cost is not None:
            line += f"; est. cost {self.cost:.4f}"
        line += f"; {self.pdf_requests} PDF + {self.llm_requests} LLM requests"
        return line + (f"; stopped: {self.stopped}" if self.stopped else "")
