"""What the tests and benchmarks build to try discursus: hostile texts and files.

Shipped with the package so that a third party's component can be tried on the same inputs.
"""
