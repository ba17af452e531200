"""Renders a repeated partial (a paper's listing entry) once per distinct input, not once per page.

A paper's entry is the same on its day page, archive page and primary-category page (and the
latest-day copies at the same depth), so listing pages mostly repeat work. The memo wraps the
compiled partial itself, so templates keep their plain `{% include %}` and output stays identical.
"""

from __future__ import annotations

import jinja2
from jinja2 import meta, nodes
from jinja2.utils import missing
from markupsafe import escape

_LIMIT = 8192
"""Cached fragments per partial. Pages are rendered grouped by day, so reuse is local; the bound
keeps a 50k-paper build from holding every entry twice."""


def _source(env: jinja2.Environment, name: str) -> str:
    if env.loader is None:
        raise LookupError("the environment has no template loader")
    return env.loader.get_source(env, name)[0]


def _names(env: jinja2.Environment, name: str, seen: set[str]) -> set[str]:
    """Variables a template and the templates it includes read from their context."""
    if name in seen:
        return set()
    seen.add(name)
    source = _source(env, name)
    ast = env.parse(source)
    names = set(meta.find_undeclared_variables(ast))
    for child in meta.find_referenced_templates(ast):
        if child is None:  # a computed include: we cannot know what it reads
            raise LookupError(f"{name} includes a computed template name")
        names |= _names(env, child, seen)
    return names


def _printed_only(env: jinja2.Environment, name: str, var: str, seen: set[str]) -> bool:
    """True when `var` occurs in `name` and its includes only as a whole `{{ var }}`."""
    if name in seen:
        return True
    seen.add(name)
    ast = env.parse(_source(env, name))
    total = sum(1 for n in ast.find_all(nodes.Name) if n.name == var)
    printed = sum(
        1 for out in ast.find_all(nodes.Output) for n in out.nodes if isinstance(n, nodes.Name) and n.name == var
    )
    return total == printed and all(
        _printed_only(env, child, var, seen) for child in meta.find_referenced_templates(ast) if child
    )


def _ident(value):
    try:
        hash(value)
    except TypeError:
        return ("id", id(value))  # views are dicts; the cache keeps them alive, so ids stay unique
    return value


_SLOT = "\x00root\x00"
"""Stands in for `root` while a fragment is rendered; pages at different depths then share it."""


def memoize_partial(env: jinja2.Environment, name: str, slot: str = "root") -> bool:
    """Make `name` render once per distinct value of the variables it reads. False (and no memo)
    when it does not exist or includes templates chosen at run time.

    When `slot` (the link prefix, "../../" or "/repo/") is only ever printed whole, the fragment is
    rendered once with a placeholder there and the page's escaped value is put in on each use, so
    a paper's entry is shared by listing pages at every depth (page 2 sits one folder deeper)."""
    try:
        names = tuple(sorted(_names(env, name, set())))
        template = env.get_template(name)
        slotted = slot in names and _printed_only(env, name, slot, set())
    except (jinja2.TemplateNotFound, LookupError):
        return False
    render = template.root_render_func
    cache: dict[tuple, tuple[str, tuple]] = {}
    keyed = tuple(n for n in names if not (slotted and n == slot))

    def root(context, *args, **kwargs):
        fill = context.resolve_or_missing(slot) if slotted else None
        if fill is missing:  # let the template itself report the undefined variable
            yield from render(context, *args, **kwargs)
            return
        values = tuple(context.resolve_or_missing(n) for n in keyed)
        key = tuple(_ident(v) for v in values)
        hit = cache.get(key)
        if hit is None:
            if len(cache) >= _LIMIT:
                cache.clear()
            inner = context.derived({slot: _SLOT}) if slotted else context
            hit = cache[key] = ("".join(render(inner, *args, **kwargs)), values)
        yield hit[0].replace(_SLOT, str(escape(fill))) if slotted else hit[0]

    template.root_render_func = root
    return True
