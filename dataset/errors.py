"""The error the dataset contract raises."""


class DatasetError(Exception):
    """The dataset directory is missing a file or holds data that breaks the schema."""
