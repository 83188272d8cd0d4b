"""An EDP/1 device core for any model (docs/protocol.md sections 2-4, docs/model-format.md).

`DeviceCore.handle(raw, binary, window)` takes one received frame and returns the response text
(or None) and the notifications it caused; the bindings (device.py) only move bytes. Written
from the partner docs alone.
"""
import json
import math
import os
import time

MAX_BYTES = 65536
MAX_ID = 2147483647
LIMITS = {
    "uint8": (0, 255), "uint16": (0, 65535), "uint32": (0, 4294967295),
    "int8": (-128, 127), "int16": (-32768, 32767), "int32": (-2147483648, 2147483647),
}
GRID_TOLERANCE = 1e-9
METHODS = ("get_properties", "set_properties", "action", "get_model")
MISSING = object()
# EDP_DEVICE_TRACE=FILE: every received frame (first 300 bytes), for debugging a certification.
TRACE = open(os.environ["EDP_DEVICE_TRACE"], "a", buffering=1) if os.environ.get("EDP_DEVICE_TRACE") else None

# Planted bugs: name -> (rule, description). Only for proving that certification catches them.
BUGS = {
    "notify-every-write": ("EDP-NOTIFY-1", "sends a properties_changed item for every accepted write, changed or not"),
    "accept-off-grid-in": ("EDP-ACT-2", "accepts action `in` values off their property's step grid"),
    "accept-not-in-values": ("EDP-PROP-4", "accepts a written value outside the property's `values` list"),
}


def _reject_constant(name):
    raise ValueError("not JSON: " + name)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def same_value(a, b):
    """Equality of JSON values by value (section 2): 50 == 50.0, but true is never 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if is_number(a) and is_number(b):
        return a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return False


def whole(v, lo, hi):
    """A JSON number that is a whole number within lo..hi (ids are judged by value)."""
    if not is_number(v):
        return False
    if isinstance(v, float) and (not math.isfinite(v) or not v.is_integer()):
        return False
    return lo <= v <= hi


def request_id(msg):
    v = msg.get("id", MISSING)
    return int(v) if whole(v, 1, MAX_ID) else None


def lone_surrogate(s):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in s)


def dumps(obj):
    # ensure_ascii: an echoed string holding a lone surrogate still leaves as valid UTF-8 JSON.
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


class Model:
    def __init__(self, doc):
        self.doc = doc
        self.id = doc["model"]
        self.props = {}
        self.actions = {}
        self.events = {}
        for svc in doc["services"]:
            s = svc["siid"]
            for p in svc.get("properties") or []:
                self.props[(s, p["piid"])] = p
            for a in svc.get("actions") or []:
                self.actions[(s, a["aiid"])] = a
            for e in svc.get("events") or []:
                self.events[(s, e["eiid"])] = e

    def valid(self, prop, v, ignore_step=False, ignore_values=False):
        fmt = prop["format"]
        if fmt == "bool":
            ok = isinstance(v, bool)
        elif fmt == "string":
            ok = isinstance(v, str) and not lone_surrogate(v) and len(v) <= prop.get("maxLength", 255)
        elif fmt == "float":
            ok = is_number(v) and math.isfinite(v)
        else:
            lo, hi = LIMITS[fmt]
            ok = whole(v, lo, hi)
        if not ok:
            return False
        rng = prop.get("range")
        if rng is not None:
            mn, mx, step = rng
            if v < mn - GRID_TOLERANCE or v > mx + GRID_TOLERANCE:
                return False
            if not ignore_step:
                k = round((v - mn) / step)
                if abs((v - mn) - k * step) > GRID_TOLERANCE:
                    return False
        values = prop.get("values")
        if values is not None and not ignore_values:
            if not any(same_value(v, e["value"]) for e in values):
                return False
        return True

    @staticmethod
    def normal(prop, v):
        """Integer formats travel without a fraction (section 2)."""
        if prop["format"] in LIMITS and is_number(v):
            return int(v)
        return v

    def initial(self, key, prop):
        s, p = key
        if s == 1 and p in (1, 2, 3, 4):
            text = {1: "Outside Labs", 2: self.id, 3: "OUT-0001", 4: "1.0.0"}[p]
            return text[: prop.get("maxLength", 255)]
        if prop.get("values"):
            return prop["values"][0]["value"]
        if prop.get("range"):
            return self.normal(prop, prop["range"][0])
        fmt = prop["format"]
        if fmt == "bool":
            return False
        if fmt == "string":
            return ""
        if fmt == "float":
            return 0
        lo, hi = LIMITS[fmt]
        return max(lo, min(hi, 0))


def address(item, key):
    v = item.get(key, MISSING)
    return None if v is MISSING else v


class DeviceCore:
    def __init__(self, model_doc, bugs=()):
        self.model = Model(model_doc)
        self.bugs = set(bugs)
        self.state = {k: self.model.initial(k, p) for k, p in self.model.props.items()}

    @property
    def fw(self):
        return self.state.get((1, 4), "1.0.0")

    # ---- frames ---------------------------------------------------------------------------
    def handle(self, raw, binary, window):
        """Returns (response text or None, [notification texts])."""
        if TRACE is not None:
            TRACE.write(repr(raw[:300]) + "\n")
        if len(raw) > MAX_BYTES:
            return self._error(None, -32600, "request over 65536 bytes"), []
        if binary:
            return self._error(None, -32700, "binary frames are not EDP/1 messages"), []
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return self._error(None, -32700, "not valid UTF-8"), []
        try:
            msg = json.loads(text, parse_constant=_reject_constant)
        except RecursionError:
            return self._error(None, -32600, "nested too deep"), []
        except ValueError:
            return self._error(None, -32700, "not JSON"), []
        if not isinstance(msg, dict):
            return self._error(None, -32600, "not a JSON object"), []
        rid = request_id(msg)
        if rid is None:
            return self._error(None, -32600, "no valid id"), []
        now = time.monotonic()
        stored = window.get(rid)
        if stored is not None and now - stored[0] < 60:
            return stored[1], []  # EDP-RPC-5: same response again, no effects
        response, notes = self._request(rid, msg)
        window[rid] = (now, response)
        if len(window) > 4096:
            for k in [k for k, (t, _) in window.items() if now - t >= 60]:
                del window[k]
        return response, notes

    def _error(self, rid, code, message):
        return dumps({"id": rid, "error": {"code": code, "message": message}})

    def _request(self, rid, msg):
        method = msg.get("method")
        if not isinstance(method, str) or method not in METHODS:
            return self._error(rid, -32601, "unknown method"), []
        params = msg.get("params", MISSING)
        if method == "get_model":
            return dumps({"id": rid, "result": self.model.doc}), []
        if method in ("get_properties", "set_properties"):
            if not isinstance(params, list) or not 1 <= len(params) <= 16 or not all(isinstance(i, dict) for i in params):
                return self._error(rid, -32602, "params must be an array of 1-16 objects"), []
            notes = []
            if method == "get_properties":
                result = [self._get(i) for i in params]
            else:
                changes = []
                result = [self._set(i, changes) for i in params]
                notes = self._changed_notes(changes)
            return dumps({"id": rid, "result": result}), notes
        if not isinstance(params, dict):
            return self._error(rid, -32602, "action params must be an object"), []
        result, notes = self._action(params)
        return dumps({"id": rid, "result": result}), notes

    # ---- items ----------------------------------------------------------------------------
    def _lookup(self, item):
        s, p = item.get("siid", MISSING), item.get("piid", MISSING)
        if not whole(s, 1, 65535) or not whole(p, 1, 65535):
            return None, None
        key = (int(s), int(p))
        return key, self.model.props.get(key)

    def _get(self, item):
        out = {"siid": address(item, "siid"), "piid": address(item, "piid")}
        key, prop = self._lookup(item)
        if prop is None:
            out["code"] = -4003
        elif "read" not in prop["access"]:
            out["code"] = -4001
        else:
            out["code"] = 0
            out["value"] = self.state[key]
        return out

    def _guard_holds(self, siid, when):
        if not when:
            return True
        return same_value(self.state.get((siid, when["piid"])), when["equals"])

    def _set(self, item, changes):
        out = {"siid": address(item, "siid"), "piid": address(item, "piid")}
        key, prop = self._lookup(item)
        value = item.get("value", MISSING)
        if prop is None:
            out["code"] = -4003
        elif "write" not in prop["access"]:
            out["code"] = -4002
        elif value is MISSING or not self.model.valid(prop, value, ignore_values="accept-not-in-values" in self.bugs):
            out["code"] = -4005
        elif not self._guard_holds(key[0], prop.get("when")):
            out["code"] = -4007
        else:
            out["code"] = 0
            if "notify-every-write" in self.bugs:
                self.state[key] = self.model.normal(prop, value)
                if "notify" in prop["access"]:
                    changes.append({"siid": key[0], "piid": key[1], "value": self.state[key]})
            else:
                self._change(key, self.model.normal(prop, value), changes)
        return out

    def _change(self, key, value, changes):
        if same_value(self.state[key], value):
            return
        self.state[key] = value
        if "notify" in self.model.props[key]["access"]:
            changes.append({"siid": key[0], "piid": key[1], "value": value})

    def _changed_notes(self, changes):
        """One item per change, in order, 16 to a notification (values as they were then)."""
        notes = []
        for i in range(0, len(changes), 16):
            chunk = changes[i : i + 16]
            notes.append(dumps({"method": "properties_changed", "params": chunk}))
        return notes

    # ---- actions --------------------------------------------------------------------------
    def _action(self, params):
        s, a = params.get("siid", MISSING), params.get("aiid", MISSING)
        action = None
        if whole(s, 1, 65535) and whole(a, 1, 65535):
            siid = int(s)
            action = self.model.actions.get((siid, int(a)))
        if action is None:
            return {"code": -4003, "out": []}, []
        args = params.get("in", [])
        if not self._valid_in(siid, action, args):
            return {"code": -4006, "out": []}, []
        if not self._guard_holds(siid, action.get("when")):
            return {"code": -4007, "out": []}, []
        notes, items = [], []

        def record(piid, value):
            key = (siid, piid)
            if same_value(self.state[key], value):
                return
            self.state[key] = value
            if "notify" in self.model.props[key]["access"]:
                items.append({"siid": siid, "piid": piid, "value": value})

        def flush():
            for i in range(0, len(items), 16):
                notes.append(dumps({"method": "properties_changed", "params": items[i : i + 16]}))
            items.clear()

        for eff in action.get("effects") or []:
            op = eff["op"]
            if op == "emit":
                flush()
                event = self.model.events[(siid, eff["eiid"])]
                arguments = [{"piid": p, "value": self.state[(siid, p)]} for p in event.get("arguments") or []]
                notes.append(dumps({"method": "event_occurred", "params": {"siid": siid, "eiid": eff["eiid"], "arguments": arguments}}))
                continue
            piid = eff["piid"]
            prop = self.model.props[(siid, piid)]
            cur = self.state[(siid, piid)]
            if op == "set":
                value = args[eff["index"]]["value"] if eff.get("from") == "in" else eff["value"]
                record(piid, self.model.normal(prop, value))
            elif op == "toggle":
                record(piid, not cur)
            elif op == "add":
                record(piid, self._added(prop, cur, eff["by"], eff["overflow"]))
        flush()
        out = [{"piid": p, "value": self.state[(siid, p)]} for p in action.get("out") or []]
        return {"code": 0, "out": out}, notes

    def _valid_in(self, siid, action, args):
        if not isinstance(args, list):
            return False
        declared = action.get("in") or []
        if len(args) != len(declared):
            return False
        for item, piid in zip(args, declared):
            if not isinstance(item, dict):
                return False
            p = item.get("piid", MISSING)
            if not whole(p, 1, 65535) or int(p) != piid:
                return False
            if "value" not in item:
                return False
            prop = self.model.props[(siid, piid)]
            if not self.model.valid(prop, item["value"], ignore_step="accept-off-grid-in" in self.bugs):
                return False
        return True

    def _added(self, prop, cur, by, overflow):
        mn, mx, step = prop["range"]
        n = round((mx - mn) / step) + 1
        k = round((cur - mn) / step) + round(by / step)
        if overflow == "clamp":
            k = max(0, min(n - 1, k))
        else:
            k %= n
        value = mn + k * step
        if prop["format"] in LIMITS:
            return int(round(value))
        # Keep float grid values short: the nearest double to the grid point's decimal spelling.
        return float(repr(round(value, 12))) if isinstance(value, float) else value
