from IPython.display import *  # noqa: F401,F403
from IPython.display import DisplayObject, display  # noqa: F401
