class KnowledgeError(ValueError):
    """A knowledge file that does not match the schema or refers to nothing."""
