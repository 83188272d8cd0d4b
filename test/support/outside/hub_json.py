"""JSON for the outside hub: parsed values keep each number's own spelling, so what the hub
forwards (items, action params, results, errors, notification params) is re-written with the
very digits it received (docs/protocol.md, Hub API: "equal as parsed JSON", and the reference
hub's "Verbatim" reading), including numbers such as 1e400 that a float would turn into inf.
"""
import json
from decimal import Decimal, InvalidOperation

MAX_ID = 2147483647


class Num:
    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text

    def value(self):
        try:
            return Decimal(self.text)
        except InvalidOperation:
            return None


def _reject_constant(name):
    raise ValueError("not JSON: " + name)


def loads(text):
    """Raises ValueError (not JSON) or RecursionError (nested too deep)."""
    return json.loads(text, parse_int=Num, parse_float=Num, parse_constant=_reject_constant)


def dumps(v):
    if isinstance(v, Num):
        return v.text
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k) + ":" + dumps(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(dumps(x) for x in v) + "]"
    if isinstance(v, (bool, str, int)) or v is None:
        return json.dumps(v)
    raise TypeError(type(v))


def as_id(v):
    """A request id judged by value (1..2^31-1, whole), as an int, else None."""
    if not isinstance(v, Num):
        return None
    d = v.value()
    if d is None or not d.is_finite() or d.adjusted() > 12 or d != d.to_integral_value():
        return None
    n = int(d)
    return n if 1 <= n <= MAX_ID else None
