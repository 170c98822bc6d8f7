"""matplotlib backend for sandboxed runs (MPLBACKEND=module://hookmine_inline): Agg rendering, and
plt.show() hands the open figures to the runner as Jupyter's inline backend would, then closes
them, instead of warning that Agg cannot show figures."""



def flush_figures():
    """Each open figure becomes one display output (`<Figure size 640x480 with 1 Axes>`)."""
    import matplotlib.pyplot as plt

    import hookmine_ipython

    for num in plt.get_fignums():
        fig = plt.figure(num)
        if hookmine_ipython.sink is not None:
            hookmine_ipython.sink({"kind": "display", "text": repr(fig), "mimes": ["text/plain", "image/png"]})
    plt.close("all")


try:
    from matplotlib.backend_bases import _Backend
    from matplotlib.backends.backend_agg import _BackendAgg

    @_Backend.export
    class _BackendHookmineInline(_BackendAgg):
        @staticmethod
        def show(*args, **kwargs):
            flush_figures()

except ImportError:
    # Other matplotlib versions: a backend module is its canvas, manager and show().
    from matplotlib.backend_bases import FigureManagerBase as FigureManager  # noqa: F401
    from matplotlib.backends.backend_agg import FigureCanvasAgg as FigureCanvas  # noqa: F401

    def show(*args, **kwargs):
        flush_figures()
