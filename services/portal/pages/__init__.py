"""The portal's pages, one package per capability (a *slice*): `pages/<slice>/__init__.py`
defines `bp` (a Flask Blueprint with its templates) and optionally `NAV`, its entries of the
navigation as (position, endpoint, label). Each slice keeps its strings in
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
    """[(endpoint, label)] in position order."""
    entries = sorted(entry for module in slices() for entry in getattr(module, "NAV", ()))
    return [(endpoint, label) for _position, endpoint, label in entries]
