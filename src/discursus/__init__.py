"""discursus: a computational discourse-analysis workbench.

>>> import discursus
>>> project = discursus.open_project("out/project")  # doctest: +SKIP
>>> project.documents()  # doctest: +SKIP
"""

from discursus.errors import DiscursusError, InputError, ProjectError
from discursus.store.project import Project, open_project

__version__ = "0.1.0"

__all__ = ["DiscursusError", "InputError", "Project", "ProjectError", "__version__", "open_project"]
