#!/usr/bin/env python3
"""EDP/1 hub (docs/protocol.md section 8), written from the docs only.

Structure: one asyncio loop; every device-side event (MQTT messages from paho's thread,
WebSocket device frames, timers) goes through one dispatcher queue and is applied in order.
App frames are handled synchronously on the loop as they arrive. Output to each app
connection and each WebSocket device goes through its own FIFO writer.

  python3 hub.py [--variant edge] [--bug NAME] --config FILE
"""
import argparse
import asyncio
import json
import random
import signal
import sys
import time
import urllib.parse
from http import HTTPStatus

import paho.mqtt.client as mqtt
import websockets
from websockets.frames import OP_BINARY, OP_CONT, OP_TEXT
from websockets.exceptions import ProtocolError
from websockets.legacy.server import WebSocketServerProtocol

MAX_FRAME = 65536
ID_MAX = 2**31 - 1
DEVICE_METHODS = {
    "devices.get_model": "get_model",
    "devices.get_properties": "get_properties",
    "devices.set_properties": "set_properties",
    "devices.action": "action",
}
APP_METHODS = set(DEVICE_METHODS) | {"devices.list", "subscribe"}
MSG_4012 = "unknown or not granted device"


def log(*a):
    print("[hub]", *a, file=sys.stderr, flush=True)


class RawText(bytes):
    """Raw bytes of a text frame (UTF-8 decoding is ours, so bad UTF-8 gets -32700)."""


class AppProtocol(WebSocketServerProtocol):
    async def read_message(self):
        frame = await self.read_data_frame(max_size=self.max_size)
        if frame is None:
            return None
        if frame.opcode == OP_TEXT:
            text = True
        elif frame.opcode == OP_BINARY:
            text = False
        else:
            raise ProtocolError("unexpected opcode")
        parts = [frame.data]
        size = len(frame.data)
        while not frame.fin:
            frame = await self.read_data_frame(max_size=self.max_size - size)
            if frame is None:
                raise ProtocolError("incomplete fragmented message")
            if frame.opcode != OP_CONT:
                raise ProtocolError("unexpected opcode")
            parts.append(frame.data)
            size += len(frame.data)
        data = b"".join(parts)
        return RawText(data) if text else data


def _no_const(name):
    raise ValueError("not JSON: " + name)


def loads(text):
    return json.loads(text, parse_constant=_no_const)


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def valid_id(v):
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return 1 <= v <= ID_MAX
    if isinstance(v, float):
        return v == v and v not in (float("inf"), float("-inf")) and v.is_integer() and 1 <= v <= ID_MAX
    return False


def msg_id_text(rid):
    return int(rid)


def utf16_key(s):
    return s.encode("utf-16-be", "surrogatepass")


class AppConn:
    def __init__(self, hub, ws, token):
        self.hub = hub
        self.ws = ws
        self.token = token
        self.sub = set()  # set of ids, or "*"
        self.inflight = 0
        self.out = asyncio.Queue()
        self.closed = False

    def send(self, obj):
        if not self.closed:
            self.out.put_nowait(dumps(obj))

    async def writer(self):
        try:
            while True:
                text = await self.out.get()
                if text is None:
                    return
                await self.ws.send(text)
        except Exception:
            pass


class Device:
    def __init__(self, dev_id, kind):
        self.id = dev_id
        self.kind = kind  # "mqtt" or "ws"
        self.online = False
        self.model = None
        self.used_ids = {}  # device request id -> time used
        self.ws = None  # live WebSocket connection (ws devices)
        self.ws_out = None
        self.streams = {}  # delayed output streams (variant)


class Pending:
    __slots__ = ("conn", "app_id", "dev", "req_id", "timer", "done", "t0")


class Hub:
    def __init__(self, cfg, variant, bug):
        self.cfg = cfg
        self.variant = variant
        self.bug = bug
        self.edge = variant in ("edge", "edge-strict")
        # edge-strict: check the subscription both when a notification arrives and when it is sent
        self.strict = variant == "edge-strict"
        self.deadline = cfg.get("deadline_ms", 2000) / 1000.0
        self.devices = {}
        self.known = set()
        self.grants = {}  # token -> "*" or set
        for app in cfg.get("apps", []) or []:
            tok = app.get("token")
            devs = app.get("devices")
            if not isinstance(tok, str):
                continue
            if devs == "*" or self.grants.get(tok) == "*":
                self.grants[tok] = "*"
            else:
                s = self.grants.setdefault(tok, set())
                for d in devs or []:
                    if isinstance(d, str):
                        s.add(d)
                        self.known.add(d)
        self.ws_cfg = {}
        for w in cfg.get("ws_devices", []) or []:
            self.ws_cfg[w["deviceId"]] = w
            self.known.add(w["deviceId"])
            self.dev(w["deviceId"], "ws")
        self.conns = set()
        self.pending = {}  # (dev_id, req_id) -> Pending
        self.npending = 0
        self.queue = None
        self.loop = None
        self.mqtt = None
        self.mqtt_up = False
        self.recent_notify = {}  # bug helper

    # ---------- device table ----------
    def dev(self, dev_id, kind="mqtt"):
        d = self.devices.get(dev_id)
        if d is None:
            d = Device(dev_id, "ws" if dev_id in getattr(self, "ws_cfg", {}) else kind)
            self.devices[dev_id] = d
        return d

    def granted(self, token, dev_id):
        g = self.grants.get(token)
        if g == "*":
            return dev_id in self.known
        return g is not None and dev_id in g

    def granted_list(self, token):
        g = self.grants.get(token)
        ids = self.known if g == "*" else (g or set())
        return sorted(ids, key=utf16_key)

    def subscribed(self, conn, dev_id):
        if conn.closed:
            return False
        if conn.sub == "*":
            return self.granted(conn.token, dev_id)
        return dev_id in conn.sub

    def fresh_id(self, d):
        if self.bug == "id-reuse":
            # BUG id-reuse: a small per-device counter that wraps after 4 commands
            d.ctr = getattr(d, "ctr", 0) % 4 + 1
            return 1000 + d.ctr
        now = time.monotonic()
        if len(d.used_ids) > 4096:
            d.used_ids = {k: t for k, t in d.used_ids.items() if now - t < 61}
        while True:
            rid = random.randint(1, ID_MAX)
            t = d.used_ids.get(rid)
            if t is None or now - t >= 61:
                d.used_ids[rid] = now
                return rid

    # ---------- delayed streams (variant edge) ----------
    def emit(self, d, stream, delay, fn):
        """Run fn() now, or after delay, keeping FIFO order per (device, stream)."""
        if delay <= 0:
            fn()
            return
        q = d.streams.get(stream)
        if q is None:
            q = d.streams[stream] = asyncio.Queue()
            asyncio.ensure_future(self.stream_runner(q))
        q.put_nowait((time.monotonic() + delay, fn))

    async def stream_runner(self, q):
        while True:
            due, fn = await q.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            try:
                fn()
            except Exception as e:  # pragma: no cover
                log("stream error", e)

    # ---------- presence ----------
    def set_presence(self, dev_id, online, model=None):
        d = self.dev(dev_id)
        self.known.add(dev_id)
        if model is not None:
            d.model = model
        if d.online == online:
            return
        d.online = online
        if getattr(d, "early", False) and online:
            d.early = False
            return
        d.early = False
        if not online:
            for key, p in list(self.pending.items()):
                if p.dev is d and not p.done:
                    if self.edge:
                        continue  # the other permitted answer: -4011 at the deadline
                    self.finish(p, {"error": {"code": -4010, "message": "device offline"}})
        delay = 1.5 if self.edge else 0
        if self.bug == "presence-early" and online:
            pass
        msg = {"method": "device.presence", "params": {"deviceId": dev_id, "online": online}}
        if self.edge:
            tg = self.targets(dev_id)
            self.emit(d, "presence", delay, lambda: self.deliver(dev_id, msg, tg))
        else:
            self.deliver(dev_id, msg)

    def targets(self, dev_id):
        if not self.strict:
            return None
        return {c for c in self.conns if self.subscribed(c, dev_id)}

    def deliver(self, dev_id, msg, targets=None):
        for c in list(self.conns):
            if targets is not None and c not in targets:
                continue
            if self.subscribed(c, dev_id):
                c.send(msg)
                # BUG dup-notify: a property notification is sent twice to a connection
                # subscribed with an explicit list
                if self.bug == "dup-notify" and msg["method"] == "device.properties_changed" and c.sub != "*":
                    c.send(msg)

    # ---------- device notifications ----------
    def device_notification(self, dev_id, msg):
        method = msg.get("method")
        params = msg.get("params")
        if method == "properties_changed":
            out = {"method": "device.properties_changed", "params": {"deviceId": dev_id, "items": params}}
        elif method == "event_occurred":
            out = {"method": "device.event_occurred", "params": {"deviceId": dev_id, "event": params}}
        else:
            return
        d = self.dev(dev_id)
        if self.bug == "same-ms-drop":
            # BUG same-ms-drop: de-duplicates by arrival millisecond, so the second of two
            # notifications arriving in the same millisecond is lost
            ms = int(time.time() * 1000)
            if self.recent_notify.get("ms") == ms:
                return
            self.recent_notify["ms"] = ms
        if self.edge:
            # random per-device latency: devices interleave freely, each keeps its order;
            # the subscription is checked when sending (legal per the in-flight reading)
            tg = self.targets(dev_id)
            self.emit(d, "notify", 0.55 + random.random() * 0.2, lambda: self.deliver(dev_id, out, tg))
        else:
            self.deliver(dev_id, out)

    # ---------- device responses ----------
    def device_response(self, dev_id, msg):
        if not isinstance(msg, dict) or "method" in msg:
            return
        rid = msg.get("id")
        if not valid_id(rid):
            return
        has_r, has_e = "result" in msg, "error" in msg
        if has_r == has_e:
            return
        if has_e and not isinstance(msg["error"], dict):
            return
        p = self.pending.get((dev_id, int(rid)))
        if p is None or p.done:
            return
        if has_r:
            self.finish(p, {"result": msg["result"]})
        else:
            self.finish(p, {"error": msg["error"]})

    def finish(self, p, body, delay=0):
        if p.done:
            return
        p.done = True
        if p.timer:
            p.timer.cancel()
        self.pending.pop((p.dev.id, p.req_id), None)
        self.npending -= 1
        p.conn.inflight -= 1
        resp = {"id": p.app_id}
        resp.update(body)
        if delay > 0:
            self.loop.call_later(delay, p.conn.send, resp)
        else:
            p.conn.send(resp)

    def on_deadline(self, p):
        # the deadline falls at D (late answers are dropped from then on); the edge variant
        # sends the -4011 as late as allowed, D + 0.7 s
        self.finish(p, {"error": {"code": -4011, "message": "device did not answer in time"}},
                    delay=0.7 if self.edge else 0)

    # ---------- app side ----------
    async def process_request(self, path, headers):
        if urllib.parse.urlsplit(path).path != "/edp/1/hub":
            return (HTTPStatus.NOT_FOUND, [], b"not found\n")
        auth = headers.get("Authorization", "")
        tok = auth[7:] if auth.startswith("Bearer ") else None
        if tok is None or tok not in self.grants:
            return (HTTPStatus.UNAUTHORIZED, [("WWW-Authenticate", "Bearer")], b"unauthorized\n")
        return None

    async def app_handler(self, ws, path=None):
        auth = ws.request_headers.get("Authorization", "")
        conn = AppConn(self, ws, auth[7:])
        self.conns.add(conn)
        wt = asyncio.ensure_future(conn.writer())
        try:
            async for frame in ws:
                self.app_frame(conn, frame)
        except Exception:
            pass
        finally:
            conn.closed = True
            self.conns.discard(conn)
            conn.out.put_nowait(None)
            await wt

    def app_frame(self, conn, frame):
        if len(frame) > MAX_FRAME:
            return conn.send({"id": None, "error": {"code": -32600, "message": "message over 65536 bytes"}})
        if not isinstance(frame, RawText):
            return conn.send({"id": None, "error": {"code": -32700, "message": "binary frame"}})
        try:
            msg = loads(bytes(frame).decode("utf-8"))
        except Exception:
            return conn.send({"id": None, "error": {"code": -32700, "message": "parse error"}})
        if not isinstance(msg, dict):
            return conn.send({"id": None, "error": {"code": -32600, "message": "not a request object"}})
        rid = msg.get("id")
        if not valid_id(rid):
            return conn.send({"id": None, "error": {"code": -32600, "message": "no valid id"}})
        if self.edge:
            rid = int(rid)  # ids are compared by value: 7.0 answered as 7
        method = msg.get("method")
        if not isinstance(method, str) or method not in APP_METHODS:
            return conn.send({"id": rid, "error": {"code": -32601, "message": "unknown method"}})
        params = msg.get("params")
        if method == "devices.list":
            out = []
            for i in self.granted_list(conn.token):
                d = self.devices.get(i)
                out.append({"deviceId": i, "model": d.model if d else None, "online": bool(d and d.online)})
            return conn.send({"id": rid, "result": out})
        if method == "subscribe":
            return self.app_subscribe(conn, rid, params)
        return self.app_command(conn, rid, method, params)

    def app_subscribe(self, conn, rid, params):
        ids = params.get("deviceIds") if isinstance(params, dict) else None
        if ids == "*":
            conn.sub = "*"
            return conn.send({"id": rid, "result": {}})
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return conn.send({"id": rid, "error": {"code": -32602, "message": "deviceIds must be \"*\" or an array of strings"}})
        if not all(self.granted(conn.token, i) for i in ids):
            return conn.send({"id": rid, "error": {"code": -4012, "message": MSG_4012}})
        new = set(ids)
        if self.bug == "unsub-leak" and isinstance(conn.sub, set) and new and new < conn.sub:
            # BUG unsub-leak: narrowing a list to a non-empty subset keeps the old set
            new = conn.sub
        conn.sub = new
        conn.send({"id": rid, "result": {}})

    def app_command(self, conn, rid, method, params):
        if conn.inflight >= 64:
            return conn.send({"id": rid, "error": {"code": -4013, "message": "busy"}})
        ok = isinstance(params, dict) and isinstance(params.get("deviceId"), str)
        if ok and method in ("devices.get_properties", "devices.set_properties"):
            ok = "items" in params
        if self.edge and isinstance(params, dict) and isinstance(params.get("deviceId"), str) \
                and not self.granted(conn.token, params["deviceId"]):
            # the other legal order: the grant before the params (reveals nothing either)
            return conn.send({"id": rid, "error": {"code": -4012, "message": MSG_4012}})
        if not ok:
            return conn.send({"id": rid, "error": {"code": -32602, "message": "params must be an object with a string deviceId" + (" and items" if "properties" in method else "")}})
        dev_id = params["deviceId"]
        if not self.granted(conn.token, dev_id):
            if self.bug == "ungranted-4010":
                # BUG ungranted-4010: an ungranted device gets the offline code
                return conn.send({"id": rid, "error": {"code": -4010, "message": "device offline"}})
            return conn.send({"id": rid, "error": {"code": -4012, "message": MSG_4012}})
        d = self.devices.get(dev_id)
        reachable = d is not None and d.online and (d.ws is not None if d.kind == "ws" else self.mqtt_up)
        if not reachable:
            err = {"id": rid, "error": {"code": -4010, "message": "device offline"}}
            if self.bug == "id-string-4010":
                # BUG id-string-4010: the offline answer echoes the id as a string
                err["id"] = str(msg_id_text(rid))
            if self.edge:
                # as late as allowed: within 2 s of receipt
                self.loop.call_later(1.6, conn.send, err)
                return
            return conn.send(err)
        if self.npending >= 8192:
            return conn.send({"id": rid, "error": {"code": -4013, "message": "busy"}})
        dm = DEVICE_METHODS[method]
        req_id = self.fresh_id(d)
        req = {"id": req_id, "method": dm}
        if dm in ("get_properties", "set_properties"):
            req["params"] = params["items"]
        elif dm == "action":
            req["params"] = {k: v for k, v in params.items() if k != "deviceId"}
        p = Pending()
        p.conn, p.app_id, p.dev, p.req_id, p.done, p.t0 = conn, rid, d, req_id, False, time.monotonic()
        dl = self.deadline
        if self.bug == "half-deadline":
            dl = self.deadline / 2  # BUG half-deadline
        p.timer = self.loop.call_later(dl, self.on_deadline, p)
        self.pending[(dev_id, req_id)] = p
        self.npending += 1
        conn.inflight += 1
        self.send_device(d, req)

    def send_device(self, d, req):
        text = dumps(req)
        if d.kind == "ws":
            if d.ws_out is not None:
                d.ws_out.put_nowait(text)
        else:
            self.mqtt.publish("edp/1/%s/rpc" % d.id, text, qos=1)

    # ---------- MQTT ----------
    def start_mqtt(self):
        m = self.cfg.get("mqtt")
        if not m:
            return
        u = urllib.parse.urlsplit(m["url"])
        cid = "hub_%08x" % random.getrandbits(32)
        c = mqtt.Client(client_id=cid, clean_session=True, protocol=mqtt.MQTTv311)
        if m.get("username") is not None:
            c.username_pw_set(m.get("username"), m.get("password"))
        c.reconnect_delay_set(1, 2)
        post = lambda ev: self.loop.call_soon_threadsafe(self.queue.put_nowait, ev)

        def on_connect(client, userdata, flags, rc):
            if rc == 0:
                client.subscribe([("edp/1/+/state", 1), ("edp/1/+/rpc/reply", 1), ("edp/1/+/events", 1)])
                post(("mqtt-up",))
            else:
                log("mqtt connect refused rc=%s" % rc)

        def on_disconnect(client, userdata, rc):
            post(("mqtt-down",))

        def on_message(client, userdata, msg):
            post(("mqtt", msg.topic, bytes(msg.payload)))

        c.on_connect, c.on_disconnect, c.on_message = on_connect, on_disconnect, on_message
        c.connect_async(u.hostname, u.port or 1883, keepalive=30)
        c.loop_start()
        self.mqtt = c

    def mqtt_message(self, topic, payload):
        parts = topic.split("/")
        if len(parts) < 4 or parts[0] != "edp" or parts[1] != "1":
            return
        dev_id, sub = parts[2], "/".join(parts[3:])
        if dev_id in self.ws_cfg:
            return
        if sub == "state":
            if payload == b"":
                if dev_id in self.devices:
                    self.set_presence(dev_id, False)
                return
            try:
                st = loads(payload.decode("utf-8"))
            except Exception:
                return
            if not isinstance(st, dict):
                return
            if st.get("online") is True:
                model = st.get("model") if isinstance(st.get("model"), str) else None
                self.set_presence(dev_id, True, model)
            elif st.get("online") is False:
                self.set_presence(dev_id, False)
            return
        try:
            msg = loads(payload.decode("utf-8"))
        except Exception:
            return
        if not isinstance(msg, dict):
            return
        if sub == "rpc/reply":
            self.device_response(dev_id, msg)
        elif sub == "events":
            if "id" in msg:
                return
            self.device_notification(dev_id, msg)

    async def dispatcher(self):
        while True:
            ev = await self.queue.get()
            try:
                kind = ev[0]
                if kind == "mqtt":
                    self.mqtt_message(ev[1], ev[2])
                elif kind == "mqtt-up":
                    self.mqtt_up = True
                elif kind == "mqtt-down":
                    self.mqtt_up = False
                elif kind == "ws-frame":
                    self.ws_frame(ev[1], ev[2], ev[3])
                elif kind == "ws-early":
                    # BUG presence-early: announce the comeback when we start redialling,
                    # before any hello; the real hello is then not announced again
                    d = self.devices[ev[1]]
                    if not d.online and not getattr(d, "early", False):
                        d.early = True
                        self.deliver(ev[1], {"method": "device.presence", "params": {"deviceId": ev[1], "online": True}})
                elif kind == "ws-closed":
                    self.ws_closed(ev[1], ev[2])
            except Exception as e:
                log("dispatch error", repr(e))

    # ---------- WebSocket devices ----------
    async def ws_device_loop(self, dev_id):
        w = self.ws_cfg[dev_id]
        d = self.dev(dev_id, "ws")
        while True:
            try:
                ws = await websockets.connect(
                    w["url"], extra_headers={"Authorization": "Bearer " + w.get("token", "")},
                    open_timeout=3, max_size=2**20, ping_interval=None)
            except Exception:
                await asyncio.sleep(1.0)
                continue
            out = asyncio.Queue()

            async def writer():
                try:
                    while True:
                        t = await out.get()
                        await ws.send(t)
                except Exception:
                    pass

            d.ws = ws
            d.ws_out = out
            wt = asyncio.ensure_future(writer())
            try:
                async for frame in ws:
                    if isinstance(frame, str):
                        self.queue.put_nowait(("ws-frame", dev_id, ws, frame))
            except Exception:
                pass
            wt.cancel()
            self.queue.put_nowait(("ws-closed", dev_id, ws))
            await asyncio.sleep(0.3)
            if self.bug == "presence-early":
                self.queue.put_nowait(("ws-early", dev_id))

    def ws_frame(self, dev_id, ws, text):
        d = self.devices[dev_id]
        if d.ws is not ws:
            return
        try:
            msg = loads(text)
        except Exception:
            return
        if not isinstance(msg, dict):
            return
        if "method" in msg and "id" not in msg:
            if msg["method"] == "hello":
                p = msg.get("params")
                model = p.get("model") if isinstance(p, dict) and isinstance(p.get("model"), str) else None
                self.set_presence(dev_id, True, model)
            else:
                self.device_notification(dev_id, msg)
        else:
            self.device_response(dev_id, msg)

    def ws_closed(self, dev_id, ws):
        d = self.devices[dev_id]
        if d.ws is ws:
            d.ws = None
            d.ws_out = None
            self.set_presence(dev_id, False)

    # ---------- main ----------
    async def main(self):
        self.loop = asyncio.get_running_loop()
        self.queue = asyncio.Queue()
        stop = self.loop.create_future()
        for s in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(s, lambda: stop.done() or stop.set_result(None))
        asyncio.ensure_future(self.dispatcher())
        host, _, port = self.cfg["listen"].rpartition(":")
        server = await websockets.serve(
            self.app_handler, host.strip("[]"), int(port), create_protocol=AppProtocol,
            process_request=self.process_request, max_size=2**20, ping_interval=None)
        self.start_mqtt()
        for dev_id in self.ws_cfg:
            asyncio.ensure_future(self.ws_device_loop(dev_id))
        print("EDP-HUB READY on ws://%s/edp/1/hub (variant=%s bug=%s)" % (self.cfg["listen"], self.variant, self.bug), flush=True)
        await stop
        server.close()
        if self.mqtt:
            self.mqtt.loop_stop()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    ap.add_argument("--variant", default="plain", choices=["plain", "edge", "edge-strict"])
    ap.add_argument("--bug", default=None)
    a = ap.parse_args()
    with open(a.config) as f:
        cfg = json.load(f)
    asyncio.run(Hub(cfg, a.variant, a.bug).main())


if __name__ == "__main__":
    main()
