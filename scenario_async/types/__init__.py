"""Typed request and response payloads of the Scenario models API.

Each module names its public types once, in its `__all__`: type checkers read the package's
names through the star imports below, and `import *` at run time through `__all__`, every
public name they bind here.
"""

import typing

from ._base import RequestStruct as RequestStruct
from ._base import ResponseStruct as ResponseStruct
from .assets import *
from .bulk import *
from .enums import *
from .ids import CollectionNotStr as CollectionNotStr
from .ids import IdSource as IdSource
from .ids import ModelIds as ModelIds
from .ids import SequenceNotStr as SequenceNotStr
from .job import *
from .model import *
from .params import *
from .presets import *
from .prompt_guide import *
from .queries import *
from .responses import *
from .scores import *
from .shared import *

if not typing.TYPE_CHECKING:  # a checker reads the imports above; a computed `__all__` hides them
    __all__ = sorted(
        name
        for name, value in globals().items()
        if not name.startswith("_") and not isinstance(value, type(typing))  # nor a module
    )
