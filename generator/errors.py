"""The project's exception hierarchy: library code raises these; only the CLI catches them."""


class DigestError(Exception):
    """Base class: a problem to report to the user in one line (exit status 1)."""


class ConfigError(DigestError):
    """Bad configuration or usage (unknown category, malformed config file, bad value)."""


class FetchError(DigestError):
    """A request to arXiv failed for good, or its answer could not be used."""

    def __init__(self, message: str, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class FeedFormatError(FetchError):
    """A listing feed or API reply was not the XML we expect (HTML error page, truncated, ...)."""


class ContentError(DigestError):
    """A file in content/ does not match the documented schema."""


class LLMError(DigestError):
    """The LLM endpoint failed or answered with something unusable."""


class RenderError(DigestError):
    """The site could not be rendered (template error, two producers for one output path, ...)."""
