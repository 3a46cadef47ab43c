"""Exemplars (điển hình tiên tiến), their evidence, commendation decisions and the honour board."""
