"""The package's own annotators, one module each: the function, its table specs, its version.

These modules import nothing heavy at the top (spaCy, the rule sets), so the registry and the
store can read their specs without loading a model.
"""
