"""Stand-in for IPython.display: display() is captured; rich objects show their text."""

from hookmine_ipython import clear_output, display  # noqa: F401


class DisplayObject:
    def __init__(self, data=None, url=None, filename=None, metadata=None, **kwargs):
        if data is None and filename:
            try:
                with open(filename, "rb") as fh:
                    data = fh.read()
            except OSError:
                data = None
        self.data = data
        self.url = url
        self.filename = filename

    def __repr__(self):
        return "<IPython.core.display.%s object>" % type(self).__name__


class HTML(DisplayObject):
    def _repr_html_(self):
        return self.data


class Markdown(DisplayObject):
    def _repr_markdown_(self):
        return self.data


class Latex(DisplayObject):
    pass


class Math(Latex):
    pass


class Javascript(DisplayObject):
    pass


class SVG(DisplayObject):
    pass


class JSON(DisplayObject):
    pass


class Image(DisplayObject):
    def _repr_png_(self):
        return self.data


class IFrame:
    def __init__(self, src, width, height, **kwargs):
        self.src = src

    def __repr__(self):
        return "<IPython.lib.display.IFrame object>"


class FileLink:
    def __init__(self, path, *args, **kwargs):
        self.path = path

    def __repr__(self):
        return self.path


def display_html(*objs, **kwargs):
    display(*(HTML(o) if isinstance(o, str) else o for o in objs))


def display_markdown(*objs, **kwargs):
    display(*(Markdown(o) if isinstance(o, str) else o for o in objs))
