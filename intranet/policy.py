"""Who may see and do what: each kind of record states its rule once, with this machinery.

A ``Rule`` lists the ways a reader may see a record of one kind (``Grant``s: everyone, a named
person, the head or the members of a unit, …), each limited by conditions on the record's own
columns (``Is``). From that one statement come:

- ``condition(user)``: a SQL condition for lists, counts and lookups (``visible``, ``get_or_404``);
- ``holds(user, record)``: the same answer for one loaded record, in Python (templates, links);
- ``tokens(record)``: the record's access tokens in the search index, matched against
  ``reader_tokens(user)``: the same grants, written for the index.

Actions ("edit", "review", …) are predicates registered on the rule next to it, in the area's
``access.py``; ``may(user, action, target)`` answers them all, and is the ``may`` of templates.
Those who read everything (secretariat, inspectors, leaders) see every live record of every kind.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import and_, false, or_, select, true

from intranet.accounts.models import Role
from intranet.accounts.permissions import reads_everything
from intranet.domain import Denied, NotFound
from intranet.extensions import db
from intranet.memo import request_memo


@dataclass(frozen=True)
class Is:
    """A condition on one of the record's own columns: its value is (not) one of ``values``."""

    attr: str
    values: tuple
    negate: bool = False

    def sql(self, model):
        column = getattr(model, self.attr)
        others = tuple(v for v in self.values if v is not None)
        parts = [column.in_(others)] if others else []
        if None in self.values:
            parts.append(column.is_(None))
        condition = or_(*parts) if len(parts) > 1 else parts[0]
        return ~condition if self.negate else condition

    def holds(self, record) -> bool:
        return (getattr(record, self.attr) in self.values) != self.negate


def Not(attr: str, *values) -> Is:
    return Is(attr, values, negate=True)


class Grant:
    """One way a reader may see a record, while all of ``when`` hold."""

    def __init__(self, *when: Is):
        self.when = when

    def _when_sql(self, model):
        return and_(true(), *(w.sql(model) for w in self.when))

    def _when(self, record) -> bool:
        return all(w.holds(record) for w in self.when)

    def condition(self, model, user):
        """The SQL condition under which ``user`` is granted the record, or None."""
        raise NotImplementedError

    def holds(self, user, record) -> bool:
        raise NotImplementedError

    def tokens(self, record) -> list[str]:
        """The index tokens this grant gives the record (matched by ``reader_tokens``)."""
        raise NotImplementedError


class Everyone(Grant):
    """Every signed-in user."""

    def condition(self, model, user):
        return self._when_sql(model)

    def holds(self, user, record) -> bool:
        return self._when(record)

    def tokens(self, record) -> list[str]:
        return ["all"] if self._when(record) else []


class Person(Grant):
    """The user named by the record's column ``attr`` (the owner, the person nominated)."""

    def __init__(self, attr: str, *when: Is):
        super().__init__(*when)
        self.attr = attr

    def condition(self, model, user):
        return and_(getattr(model, self.attr) == user.id, self._when_sql(model))

    def holds(self, user, record) -> bool:
        return getattr(record, self.attr) == user.id and self._when(record)

    def tokens(self, record) -> list[str]:
        value = getattr(record, self.attr)
        return [f"user:{value}"] if value is not None and self._when(record) else []


class HeadOf(Grant):
    """The head (trưởng đơn vị) of the unit in the record's column ``attr``."""

    def __init__(self, attr: str, *when: Is):
        super().__init__(*when)
        self.attr = attr

    def condition(self, model, user):
        if not user.has_role(Role.UNIT_HEAD):
            return None
        return and_(getattr(model, self.attr) == user.unit_id, self._when_sql(model))

    def holds(self, user, record) -> bool:
        return (
            user.has_role(Role.UNIT_HEAD)
            and getattr(record, self.attr) == user.unit_id
            and self._when(record)
        )

    def tokens(self, record) -> list[str]:
        value = getattr(record, self.attr)
        return [f"head:{value}"] if value is not None and self._when(record) else []


class MemberOf(Grant):
    """Every member of the unit in the record's column ``attr``."""

    def __init__(self, attr: str, *when: Is):
        super().__init__(*when)
        self.attr = attr

    def condition(self, model, user):
        return and_(getattr(model, self.attr) == user.unit_id, self._when_sql(model))

    def holds(self, user, record) -> bool:
        return getattr(record, self.attr) == user.unit_id and self._when(record)

    def tokens(self, record) -> list[str]:
        value = getattr(record, self.attr)
        return [f"unit:{value}"] if value is not None and self._when(record) else []


def reader_tokens(user) -> list[str] | None:
    """The tokens ``user`` holds in the index; None for those who read everything."""
    if reads_everything(user):
        return None
    tokens = ["all", f"unit:{user.unit_id}", f"user:{user.id}"]
    tokens += [f"role:{role.value}" for role in user.roles]
    if user.has_role(Role.UNIT_HEAD):
        tokens.append(f"head:{user.unit_id}")
    return tokens


Predicate = Callable[..., bool]


class Rule:
    """Who may see records of ``model`` and who may do what to them.

    ``live``: conditions every visible record meets, whoever reads (not trashed, …).
    ``parent``: (relationship, rule): the record is seen by whoever sees that related record
    under that rule (an evidence file by whoever sees its nomination's private part).
    ``readers``: whether those who read everything see every live record (default yes).
    """

    def __init__(
        self,
        name: str,
        model,
        *grants: Grant,
        live: tuple[Is, ...] = (),
        parent: tuple[str, "Rule"] | None = None,
        readers: bool = True,
    ):
        self.name, self.model, self.grants = name, model, grants
        self.live, self.parent, self.readers = live, parent, readers
        self.actions: dict[str, Predicate] = {}

    # -- seeing -------------------------------------------------------------------------------
    def condition(self, user):
        """A SQL condition on ``model``: the records ``user`` may see.

        Built once per request for the same user, roles and unit (a page asks for it for its
        list, its count and its filters; building it costs more than running it)."""
        if not user.is_authenticated:
            return false()
        built = request_memo("policy.condition")
        key = (self, user.id, user.unit_id, frozenset(user.roles))  # two rules may share a name
        if key not in built:
            built[key] = self._condition(user)
        return built[key]

    def _condition(self, user):
        live = [w.sql(self.model) for w in self.live]
        if self.parent is not None:
            relation, rule = self.parent
            return and_(*live, getattr(self.model, relation).has(rule.condition(user)))
        if self.readers and reads_everything(user):
            return and_(true(), *live)
        granted = [c for g in self.grants if (c := g.condition(self.model, user)) is not None]
        if not granted:
            return false()
        return and_(*live, or_(*granted))

    def holds(self, user, record) -> bool:
        """Whether ``user`` may see this loaded record: ``condition`` in Python."""
        if record is None or not user.is_authenticated:
            return False
        if not all(w.holds(record) for w in self.live):
            return False
        if self.parent is not None:
            relation, rule = self.parent
            return rule.holds(user, getattr(record, relation))
        if self.readers and reads_everything(user):
            return True
        return any(g.holds(user, record) for g in self.grants)

    def tokens(self, record) -> list[str]:
        """The record's tokens in the index ([]: only those who read everything)."""
        if not all(w.holds(record) for w in self.live):
            return []
        if self.parent is not None:
            relation, rule = self.parent
            return rule.tokens(getattr(record, relation))
        return sorted({t for g in self.grants for t in g.tokens(record)})

    # -- doing --------------------------------------------------------------------------------
    def action(self, name: str):
        """Register ``predicate(user, record)`` as the rule of the action ``name``.

        For actions that make a new record (``record`` is None), the predicate gets None.
        """

        def register(predicate: Predicate) -> Predicate:
            self.actions[name] = predicate
            return predicate

        return register


RULES: dict[type, Rule] = {}


def rule(name: str, model, *grants: Grant, **options) -> Rule:
    """Declare the rule of ``model``; the one place it is stated."""
    declared = Rule(name, model, *grants, **options)
    RULES[model] = declared
    return declared


def rule_of(target) -> Rule:
    model = target if isinstance(target, type) else type(target)
    return RULES[model]


def may(user, action: str, target) -> bool:
    """Whether ``user`` may take ``action`` on ``target`` (a record, or its class for "create")."""
    if user is None or not user.is_authenticated:
        return False
    the_rule = rule_of(target)
    if isinstance(target, type):
        predicate = the_rule.actions.get(action)
        return bool(predicate and predicate(user, None))
    if not the_rule.holds(user, target):
        return False
    if action == "see":
        return True
    predicate = the_rule.actions.get(action)
    return bool(predicate and predicate(user, target))


def visible(model, user):
    """``select(model)`` limited to what ``user`` may see."""
    return select(model).where(RULES[model].condition(user))


def get_or_404(model, record_id, user, *options):
    """The record, or ``NotFound``: the same answer for a missing one and one not to be seen.
    ``options``: loader options for what the page shows of it (``joinedload(...)``)."""
    the_rule = RULES[model]
    record = None
    if isinstance(record_id, int) and 0 < record_id < 2**63:
        record = db.session.execute(
            select(model).where(model.id == record_id, the_rule.condition(user)).options(*options)
        ).scalar_one_or_none()
    if record is None:
        raise NotFound(kind=the_rule.name, record_id=record_id)
    return record


def require(user, action: str, target) -> None:
    """``NotFound`` when the user may not see ``target``, ``Denied`` when they may not act."""
    the_rule = rule_of(target)
    record_id = None if isinstance(target, type) else target.id
    if not isinstance(target, type) and not the_rule.holds(user, target):
        raise NotFound(kind=the_rule.name, record_id=record_id)
    if not may(user, action, target):
        raise Denied(kind=the_rule.name, record_id=record_id, action=action)


# At most this many refusals a minute are written per user (or address): a crawler probing ids
# must not flood the trail, and a person who meets one refusal is always in it.
DENIALS_PER_MINUTE = 10


def note_denial(user, error: NotFound) -> None:
    """Write a refusal (404 for an unseen record, 403 for a refused action) to the audit trail.

    Called by the pages' and the API's error handlers, after the request's work is rolled back.
    """
    from intranet import audit  # the trail is a service below every area, loaded late

    if not error.kind:
        return
    if audit.recent_denials(user) >= DENIALS_PER_MINUTE:
        return
    action = getattr(error, "action", "") or "see"
    summary = f"Từ chối ({error.status}): {action} {error.kind} {error.record_id}"
    record_id = error.record_id if isinstance(error.record_id, int) else None
    audit.record("denied", error.kind, record_id, summary)
