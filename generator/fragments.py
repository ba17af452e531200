"""Renders a repeated partial (a paper's listing entry) once per distinct input, not once per page.

A paper's entry is the same on its day page, archive page and primary-category page (and the
latest-day copies at the same depth), so listing pages mostly repeat work. The memo wraps the
compiled partial itself, so templates keep their plain `{% include %}` and output stays identical.
"""

from __future__ import annotations

import jinja2
from jinja2 import meta

_LIMIT = 8192
"""Cached fragments per partial. Pages are rendered grouped by day, so reuse is local; the bound
keeps a 50k-paper build from holding every entry twice."""


def _names(env: jinja2.Environment, name: str, seen: set[str]) -> set[str]:
    """Variables a template and the templates it includes read from their context."""
    if name in seen:
        return set()
    seen.add(name)
    source = env.loader.get_source(env, name)[0]
    ast = env.parse(source)
    names = set(meta.find_undeclared_variables(ast))
    for child in meta.find_referenced_templates(ast):
        if child is None:  # a computed include: we cannot know what it reads
            raise LookupError(f"{name} includes a computed template name")
        names |= _names(env, child, seen)
    return names


def _ident(value):
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))  # views are dicts; the cache keeps them alive, so ids stay unique
    return value


def memoize_partial(env: jinja2.Environment, name: str) -> bool:
    """Make `name` render once per distinct value of the variables it reads. False (and no memo)
    when it does not exist or includes templates chosen at run time."""
    try:
        names = tuple(sorted(_names(env, name, set())))
        template = env.get_template(name)
    except (jinja2.TemplateNotFound, LookupError):
        return False
    render = template.root_render_func
    cache: dict[tuple, tuple[str, tuple]] = {}

    def root(context, *args, **kwargs):
        values = tuple(context.resolve_or_missing(n) for n in names)
        key = tuple(_ident(v) for v in values)
        hit = cache.get(key)
        if hit is None:
            if len(cache) >= _LIMIT:
                cache.clear()
            hit = cache[key] = ("".join(render(context, *args, **kwargs)), values)
        yield hit[0]

    template.root_render_func = root
    return True
