"""The portal's pages, one package per capability (a *slice*): `pages/<slice>/__init__.py`
defines `bp` (a Flask Blueprint with its templates) and optionally `NAV`, its entries of the
navigation as (position, endpoint, label) or (position, endpoint, label, visible), `visible`
deciding from the page's layout (context.layout()) whether the entry is offered. Each slice keeps its strings in
`pages/<slice>/translations/<lang>.po`. Found here by name: adding a slice needs no
registration elsewhere (docs/portal.md)."""
import importlib
import pkgutil


def slices():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.ispkg:
            yield importlib.import_module(f"{__name__}.{info.name}")


def blueprints():
    return [module.bp for module in slices()]


def navigation():
    """[(endpoint, label, visible or None)] in position order."""
    entries = sorted((entry + (None,))[:4] for module in slices() for entry in getattr(module, "NAV", ()))
    return [(endpoint, label, visible) for _position, endpoint, label, visible in entries]


def offered(entries, layout):
    """The entries this page's person is offered: [(endpoint, label)]."""
    return [(endpoint, label) for endpoint, label, visible in entries if visible is None or visible(layout)]


def current(entries, endpoint):
    """The entry a page belongs to: its own, or the one whose endpoint its name extends
    ("billing.invoices_detail" is under "billing.invoices"), else its slice's first."""
    endpoint = endpoint or ""
    named = [e for e, *_ in entries if endpoint == e or endpoint.startswith(e + "_")]
    if named:
        return max(named, key=len)
    return next((e for e, *_ in entries if e.split(".")[0] == endpoint.split(".")[0]), None)
