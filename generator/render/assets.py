"""The site's static files, as published: the package's static/ folder, with the reader script
assembled from its parts.

static/app/*.js are the reader's source, one file per feature, concatenated in name order into one
function scope and published as static/app.js: one request, no module loader, and it still runs from
file:// (Chromium refuses ES modules there). Each part may use what an earlier part declares; the
parts themselves are not published.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from importlib.abc import Traversable

from generator.render import urls

APP_PARTS = "app"
"""Folder of static/ holding the reader script's parts."""

APP_HEADER = b"""/* The digest's reader script, assembled by generator/render/assets.py from generator/static/app/*.js
   (edit those). Built on the markup contract in templates/base.html; progressive enhancement: without
   it every paper is still listed. Loaded with `defer`; no inline scripts or styles, so a strict CSP works. */
(function () {
"use strict";

"""
APP_FOOTER = b"})();\n"


def static_files() -> dict[str, bytes]:
    """Every published static file by its site path (static/...)."""
    root = resources.files("generator").joinpath("static")
    out: dict[str, bytes] = {}
    if root.is_dir():
        _walk(root, urls.STATIC, out)
    return out


def _walk(node: Traversable, prefix: str, out: dict[str, bytes]) -> None:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name.startswith("."):
            continue
        if child.is_dir() and prefix == urls.STATIC and child.name == APP_PARTS:
            out[f"{prefix}app.js"] = app_script(child)
        elif child.is_dir():
            _walk(child, f"{prefix}{child.name}/", out)
        else:
            out[f"{prefix}{child.name}"] = child.read_bytes()


def app_script(parts: Traversable) -> bytes:
    """static/app/*.js in name order, each headed by its file name, inside one function scope."""
    chunks = [APP_HEADER]
    for part in sorted((p for p in parts.iterdir() if p.name.endswith(".js")), key=lambda p: p.name):
        chunks.append(f"/* --- {APP_PARTS}/{part.name} --- */\n".encode())
        chunks.append(part.read_bytes().rstrip(b"\n") + b"\n\n")
    chunks.append(APP_FOOTER)
    return b"".join(chunks)


def asset_path(static: dict[str, bytes], name: str) -> str:
    """Static path with a content-hash query, so browsers never mix old CSS with new HTML."""
    data = static.get(urls.STATIC + name, b"")
    return f"{urls.STATIC}{name}?v={hashlib.blake2b(data, digest_size=4).hexdigest()}"
