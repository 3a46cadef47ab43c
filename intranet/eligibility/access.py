"""Who may read and keep the rules of eligibility: everyone reads them (they are the law);
the secretariat keeps them, as it keeps the catalogues."""

from intranet import policy
from intranet.accounts.permissions import publishes
from intranet.eligibility.models import EligibilityRule
from intranet.policy import Everyone

RULE = policy.rule("eligibility_rule", EligibilityRule, Everyone())


@RULE.action("create")
@RULE.action("edit")
def may_keep(user, _rule=None) -> bool:
    return publishes(user)
