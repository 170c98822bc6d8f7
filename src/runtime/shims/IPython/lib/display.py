from IPython.display import FileLink, IFrame  # noqa: F401
