"""Documents (văn bản): plans, decisions, reports and notices, their files and publication."""
