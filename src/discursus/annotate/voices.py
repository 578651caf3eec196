"""The voices a text has besides the people it names.

``THE_SPEAKER`` is who "I" is when a text speaks for itself (a speech, a statement, an op-ed):
one actor a document, which the corpus-level analysis names from the document's metadata
(its speaker, else its author).
"""

THE_SPEAKER = "the speaker"
