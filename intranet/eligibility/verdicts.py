"""The answer of eligibility: each condition met or not, why, and from which year."""

from dataclasses import dataclass, field

from intranet.exemplars.models import Exemplar, Subject


@dataclass
class Candidate:
    """Who is asked about: a person (with or without an account) or a collective, a title, a
    year; ``exemplar`` when the question comes from a nomination."""

    subject: Subject
    name: str
    unit_id: int | None
    year: int
    title_id: int | None
    person_id: int | None = None
    exemplar: Exemplar | None = None


@dataclass
class Condition:
    """One rule's answer: met or not, the reason in Vietnamese, the article it cites."""

    met: bool
    reason: str
    article: str = ""
    from_year: int | None = None
    rule_id: int | None = None


@dataclass
class Verdict:
    title: str = ""
    year: int | None = None
    conditions: list[Condition] = field(default_factory=list)
    from_year: int | None = None
    # No title known (a nomination without a bình xét tally or a registration), or no rules.
    known: bool = True

    @property
    def eligible(self) -> bool:
        return self.known and all(c.met for c in self.conditions)

    @property
    def summary(self) -> str:
        from intranet.eligibility import conditions

        return conditions.summary(self)


def check(exemplar: Exemplar) -> Verdict:
    """Whether the nomination's person (or collective) may be proposed for its title that year."""
    from intranet.eligibility import conditions

    return conditions.check(conditions.candidate_of(exemplar))


def check_many(exemplars: list[Exemplar]) -> dict[int, Verdict]:
    """{exemplar id: verdict} for many nominations (an agenda), in a constant number of
    queries: use it rather than ``check`` in a loop."""
    from intranet.eligibility import conditions

    return conditions.check_many(exemplars)


def check_candidates(candidates: list[Candidate]) -> list[Verdict]:
    """The verdicts of many candidates, each for its own title, in a constant number of
    queries (an agenda's rows): use it rather than ``check_candidate`` in a loop."""
    from intranet.eligibility import conditions

    return conditions.check_candidates(candidates)


def check_candidate(candidate: Candidate) -> Verdict:
    """The same question for a person + title + year (the dossier, the agenda)."""
    from intranet.eligibility import conditions

    return conditions.check(candidate)
