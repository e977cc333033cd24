"""The project's exceptions and exit codes; only the CLI turns them into exit statuses."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    ok = 0
    failed = 1
    usage = 2
    """Usage errors and single files that are missing or not decodable images."""


class CardOcrError(Exception):
    """Base of every error the pipeline raises on purpose."""


class InputError(CardOcrError):
    """An input file is missing, empty, too large, or not a decodable image."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class StageError(CardOcrError):
    """An unexpected exception inside one stage of reading a card (a case the stage does
    not handle). The message names the stage and the exception's type only: an
    exception's own text may quote what the card says."""

    def __init__(self, stage: str, error: BaseException) -> None:
        self.stage = stage
        self.error_type = type(error).__name__
        super().__init__(f"the {stage} stage failed ({self.error_type})")


class EngineError(CardOcrError):
    """The OCR engine is missing, failed, or timed out."""


class EngineMissingError(EngineError):
    """The chosen OCR engine is not installed; the message names the install step."""


class TemplateError(CardOcrError):
    """A carrier template is malformed; the message names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"carrier template {path}: {problem}")
        self.path = path
        self.problem = problem


class OutputError(CardOcrError):
    """An output file cannot be written; the message names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem
