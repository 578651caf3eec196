"""The workbench: ``discursus serve`` (see :mod:`discursus.web.app`)."""
