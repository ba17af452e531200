"""Prompt-injection checks: of the paper text before it is sent, and of the answer after.

Text is normalised first (NFKC, zero-width and bidi characters removed, look-alike letters from
other scripts mapped to Latin, whitespace collapsed), so "Ign\u200bore", "Іgnore" with a Cyrillic
"І" and "ｉｇｎｏｒｅ" all read as "ignore". Patterns cover English and Chinese (the FAQ languages).
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and bidi-override characters: a common way to hide text from human readers.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_HIDDEN_RUN = re.compile(f"[{INVISIBLE}]{{3,}}")
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidi embedding/override/isolate characters: they reorder what a reader sees; never stored."""

# Cyrillic and Greek letters that look like Latin ones (Unicode's confusables, the common part).
_CONFUSABLES = str.maketrans(
    "АВЕЅІЈКМНОРСТХУаеіјорсхуѕԁһԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧαορτυνικ",
    "ABESIJKMHOPCTXYaeijopcxysdhqwABEZHIKMNOPTYXaoptuvik",
)

_EN = (
    r"(?:ignore|disregard|forget|override|skip)\s+(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+)?"
    r"(?:(?:previous|prior|above|preceding|earlier|former|original|system)\s+)+"
    r"(?:instructions?|prompts?|directions?|rules|guidelines)"
    r"|(?:ignore|disregard|forget)\s+(?:all\s+|about\s+)?(?:everything|anything)\s+(?:above|before|previously|you\s+were\s+told)"
    r"|\b(?:for|to)\s+(?:all\s+)?(?:the\s+)?(?:llm|ai|language[- ]model)\s+reviewers?"
    r"|\bas\s+an?\s+(?:ai|llm|language\s+model)\s+(?:reviewer|assistant|model)\b"
    r"|\bif\s+you\s+are\s+an?\s+(?:ai|llm|large\s+language\s+model|language\s+model|chatbot)\b"
    r"|\byou\s+are\s+now\s+(?:an?\s+|the\s+)?[\w-]*(?:bot|gpt|ai|assistant|model|dan)\b"
    r"|give\s+(?:a|this\s+paper\s+a)\s+(?:positive|favou?rable|glowing)\s+review"
    r"|do\s+not\s+(?:highlight|mention)\s+any\s+(?:negatives|weaknesses)"
    r"|recommend\s+(?:acceptance|accepting\s+this\s+paper)"
    r"|new\s+instructions?\s*:"
    r"|^\s*#{2,}\s*(?:instruction|system|response)s?\s*:"
    r"|<\|im_start\|>|\[/?inst\]|<\|system\|>"
)
_ZH = (
    r"(?:忽略|无视|忽视|忘记|忘掉|不要理会)(?:掉)?(?:你)?(?:之前|以上|上面|前面|先前|此前|上述|所有)"
    r"(?:的)?(?:所有|全部|一切)?(?:的)?(?:指令|指示|提示|要求|规则|说明)"
    r"|你现在是|现在你是|作为(?:一个)?(?:ai|人工智能|大语言模型|语言模型)审稿人"
    r"|给(?:出)?(?:这篇论文)?(?:一个)?(?:正面|积极|好)的?评价|建议接收|推荐接收"
)
_INJECTION = re.compile(f"{_EN}|{_ZH}", re.I | re.M)
_LINK = re.compile(r"\bhttps?://[^\s)\]>\"']+|\bwww\.[^\s)\]>\"']+", re.I)
_TRUSTED_LINK = re.compile(r"^https?://(?:www\.|export\.)?(?:arxiv\.org|doi\.org)/", re.I)
"""Links a model may cite without the paper containing them."""


def normalise(text: str) -> str:
    """What a model reads, not how it is spelled: see the module docstring."""
    text = unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text))
    text = text.translate(_CONFUSABLES)
    return re.sub(r"[ \t\u00a0\u3000]+", " ", text)


def injection_evidence(text: str) -> str | None:
    """The first passage that addresses an LLM (or hides text), or None."""
    hidden = _HIDDEN_RUN.search(text)
    if hidden:
        return hidden.group(0)[:80]
    m = _INJECTION.search(normalise(text))
    return m.group(0)[:80] if m else None


def answer_evidence(answer: str, source: str) -> str | None:
    """Signs that an answer obeyed an injected instruction: the same phrases, or a link that is
    not in the paper (a phishing link the paper asked the model to add)."""
    found = injection_evidence(answer)
    if found:
        return found
    known = normalise(source)
    for link in _LINK.findall(normalise(answer)):
        if link.rstrip(".,;:") not in known and not _TRUSTED_LINK.match(link):
            return link[:80]
    return None


def strip_bidi(text: str) -> str:
    return BIDI.sub("", text)
