"""arXiv daily digest: fetch listings, precompute LLM FAQs, render a static site."""

__version__ = "0.1.0"
