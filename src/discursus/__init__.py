"""discursus: a computational discourse-analysis workbench.

>>> import discursus
>>> project = discursus.open_project("out/project")  # doctest: +SKIP
>>> project.documents()  # doctest: +SKIP
"""

from discursus.errors import DiscursusError, InputError, ProjectError

__version__ = "0.1.0"


def __getattr__(name: str):
    # the store (SQLAlchemy, pandas, pyarrow) is imported on first use, so a process that only
    # reads files (the reader sandbox) starts in a fraction of the time
    if name in ("Project", "open_project"):
        from discursus import project

        return getattr(project, name)
    raise AttributeError(f"module 'discursus' has no attribute {name!r}")


__all__ = ["DiscursusError", "InputError", "Project", "ProjectError", "__version__", "open_project"]
