"""Stand-in for IPython.core.interactiveshell: notebooks set ast_node_interactivity = "all" to show
every expression of a cell; the runner reads it from here."""


class InteractiveShell:
    ast_node_interactivity = "last_expr"

    @classmethod
    def instance(cls, *args, **kwargs):
        from hookmine_ipython import get_ipython

        return get_ipython()
