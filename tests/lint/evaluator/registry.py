"""The rule registry: each rule registered under the evaluator's name for it and its category."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from evaluator.project import Project

# --- Rule registry ------------------------------------------------------------------------------------

Rule = Callable[[Project], list[str]]


@dataclass(frozen=True)
class RuleInfo:
    evaluator_name: str
    category: str


RULES: dict[Rule, RuleInfo] = {}


def rule(name: str, category: str) -> Callable[[Rule], Rule]:
    """Register a rule under the evaluator's name for it and its category (modelling, testing, ...)."""

    def register(function: Rule) -> Rule:
        RULES[function] = RuleInfo(name, category)
        return function

    return register


def evaluator_name(function: Rule) -> str:
    return RULES[function].evaluator_name
