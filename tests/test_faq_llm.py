"""The chat-completions client against a loopback endpoint: protocol, retries, and what fails fast."""

from __future__ import annotations

import time

import pytest
from llm_server import FakeLLM, Reply

from generator.config import Settings
from generator.errors import LLMError
from generator.faq.llm import ChatClient, LLMAnswerError

KEY = "sk-canary-llm-0042"
MESSAGES = [{"role": "system", "content": "s"}, {"role": "user", "content": "u"}]


def client(llm: FakeLLM, **extra) -> ChatClient:
    values = dict(
        llm_base_url=llm.base_url + "/",
        llm_api_key=KEY,
        llm_model="m",
        llm_timeout=0.3,
        http_attempts=3,
        retry_backoff=0.01,
        retry_after_max=2.0,
        llm_max_tokens=99,
        llm_temperature=0.1,
    )
    return ChatClient(Settings(**(values | extra)))


@pytest.fixture
def llm():
    with FakeLLM() as server:
        yield server


def test_posts_the_documented_request_and_reads_usage(llm):
    llm.queue = [Reply("hello", prompt_tokens=12, completion_tokens=3)]
    answer = client(llm).complete(MESSAGES)
    assert (answer.text, answer.prompt_tokens, answer.completion_tokens) == ("hello", 12, 3)
    assert llm.requests == [{"model": "m", "messages": MESSAGES, "temperature": 0.1, "max_tokens": 99}]
    assert llm.auth_headers == [f"Bearer {KEY}"]


def test_no_key_sends_no_authorization_header(llm):
    llm.queue = [Reply("hello")]
    client(llm, llm_api_key="").complete(MESSAGES)
    assert llm.auth_headers == [""]


def test_429_waits_for_retry_after(llm):
    llm.queue = [Reply(status=429, body=b"{}", headers={"Retry-After": "0.4"}), Reply("ok")]
    started = time.monotonic()
    assert client(llm).complete(MESSAGES).text == "ok"
    assert time.monotonic() - started >= 0.4 and len(llm.requests) == 2


def test_retry_after_longer_than_the_cap_fails_at_once(llm):
    llm.queue = [Reply(status=429, body=b"{}", headers={"Retry-After": "3600"})]
    with pytest.raises(LLMError, match="retry after 3600"):
        client(llm).complete(MESSAGES)
    assert len(llm.requests) == 1


def test_5xx_and_hangs_are_retried_until_attempts_run_out(llm):
    llm.queue = [Reply(status=502, body=b"bad gateway"), Reply("late", delay=1.0), Reply("ok")]
    assert client(llm).complete(MESSAGES).text == "ok"
    llm.queue = [Reply(status=500, body=b"x")] * 3
    with pytest.raises(LLMError, match="HTTP 500.*gave up after 3 attempts"):
        client(llm).complete(MESSAGES)


def test_other_4xx_fail_without_retry(llm):
    llm.queue = [Reply(status=400, body=b'{"error": {"message": "bad model"}}')]
    with pytest.raises(LLMError, match="HTTP 400.*bad model"):
        client(llm).complete(MESSAGES)
    assert len(llm.requests) == 1


def test_malformed_json_and_empty_answers_are_answer_errors(llm):
    llm.queue = [Reply(body=b"{not json"), Reply(body=b'{"choices": []}'), Reply("   ", completion_tokens=7)]
    for expected in ("not JSON", "no choices", "empty"):
        with pytest.raises(LLMAnswerError, match=expected) as info:
            client(llm).complete(MESSAGES)
    assert info.value.completion_tokens == 7
    assert len(llm.requests) == 3


def test_key_echoed_by_the_server_is_redacted_from_errors(llm):
    llm.queue = [Reply(status=401, body=f"invalid key {KEY}".encode())]
    with pytest.raises(LLMError) as info:
        client(llm).complete(MESSAGES)
    assert KEY not in str(info.value) and "***" in str(info.value)
    assert KEY not in repr(Settings(llm_api_key=KEY))
