"""Which context variables a template can read, with everything it extends or includes.

Jinja can list the variables a template takes from outside (``meta``). Following its
``extends``, ``include`` and ``import`` tags gives the names a page rendered from it
may read. A template that names another by a variable (``{% include name %}``) cannot
be followed: the answer is then None, "it may read anything".
"""

from __future__ import annotations

from jinja2 import Environment, TemplateNotFound, meta


def referenced_names(environment: Environment, name: str) -> frozenset[str] | None:
    found: set[str] = set()
    waiting, seen = [name], set()
    while waiting:
        current = waiting.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            source = environment.loader.get_source(environment, current)[0]
        except TemplateNotFound:
            continue  # an "ignore missing" include; a required one fails the render itself
        tree = environment.parse(source)
        found |= meta.find_undeclared_variables(tree)
        for referenced in meta.find_referenced_templates(tree):
            if referenced is None:
                return None
            waiting.append(referenced)
    return frozenset(found)
