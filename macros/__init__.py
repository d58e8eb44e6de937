"""ImpactAcademie: the programme as data, its checks and its renderers.

mkdocs-macros loads this package (`module_name: macros`) and calls `define_env`.
"""


def define_env(env):
    """Expose the page macros. Each macro renders for the page that calls it."""
    from macros.site import adapter as site

    for name, function in site.macros_for_pages().items():

        def macro(*args, function=function):
            return function(env.page, *args)

        macro.__name__ = name
        env.macro(macro, name)
