"""The built-in transforms, one module each (imported as `gocodemod.transforms`).

Registration is explicit: a new transform is a new module plus one line here. Third-party
transforms register a module under the `gocodemod.transforms` entry-point group.
"""

from gocodemod.transforms import (
    prealloc_map,
    prealloc_slice,
    strings_builder,
    value_receiver,
    value_struct,
)

BUILTIN = (prealloc_slice, prealloc_map, strings_builder, value_receiver, value_struct)
