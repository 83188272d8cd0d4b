#!/usr/bin/python3
"""An EDP/1 hub (docs/protocol.md, "Hub API"), written by an outside engineer from the docs alone.

  hub.py --config FILE [--bug NAME]...    serve apps at ws://LISTEN/edp/1/hub; prints EDP-HUB READY
  hub.py --list-bugs                      the planted bugs: name<TAB>rule<TAB>description

Towards devices it is a controller: MQTT devices from retained edp/1/+/state, WebSocket devices
from `ws_devices`. Towards apps: bearer tokens, grants, devices.* commands forwarded with fresh
device request ids, subscriptions and notifications. Exits on SIGTERM.
"""
import argparse
import asyncio
import json
import os
import random
import signal
import socket
import sys
import threading
import time
from http import HTTPStatus
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from edp_ws import Outbox, RawClientProtocol, RawServerProtocol, RawText  # noqa: E402
from hub_json import as_id, dumps, loads  # noqa: E402

MAX_BYTES = 65536
MAX_INFLIGHT = 64          # per app connection, then -4013
MAX_PENDING = 8192         # across the hub, then -4013
MAX_CONNECTIONS = 256      # more get HTTP 503
DEVICE_METHODS = {
    "devices.get_model": "get_model",
    "devices.get_properties": "get_properties",
    "devices.set_properties": "set_properties",
    "devices.action": "action",
}
STAR = "*"

BUGS = {
    "subscribe-adds": ("EDP-HUB-3", "subscribe adds to the subscription set instead of replacing it"),
    "forward-offline": ("EDP-HUB-2", "forwards commands to offline devices and answers -4011 after the deadline"),
    "star-leaks-ungranted": ("EDP-HUB-5", '"*" subscribers also get notifications and presence of ungranted devices'),
    "ws-close-silent": ("EDP-HUB-4", "never announces a WebSocket device's connection closing as offline presence"),
    "star-misses-later": ("EDP-HUB-3", '"*" relays notifications only of the devices known when subscribing, not of those that appear later (their presence still arrives)'),
    "late-notifications": ("EDP-HUB-3", "delivers one device notification in five 1.5 s late"),
    "notify-unsubscribed": ("EDP-HUB-3", "delivers device notifications to every connection of a granted token, subscribed or not"),
    "utf8-close": ("EDP-HUB-2", "closes the connection (1007) on a text frame that is not UTF-8 instead of answering -32700"),
}


def log(*parts):
    print("hub:", *parts, file=sys.stderr, flush=True)


# EDP_HUB_TRACE=FILE: app frames received and device links opened/closed, for debugging a run.
_TRACE = open(os.environ["EDP_HUB_TRACE"], "a", buffering=1) if os.environ.get("EDP_HUB_TRACE") else None


def trace(*parts):
    if _TRACE is not None:
        _TRACE.write("%.3f %s\n" % (time.time(), " ".join(str(p) for p in parts)))


class Device:
    def __init__(self, device_id, kind):
        self.id = device_id
        self.kind = kind        # "mqtt", "ws" or None (named in a grant, never seen)
        self.online = False
        self.model = None
        self.link = None        # WebSocket devices: the Outbox of the open connection
        self.recent_ids = {}    # device request id -> time sent (60 s no-reuse window)


class Pending:
    __slots__ = ("conn", "app_id", "device", "device_rid", "timer")

    def __init__(self, conn, app_id, device, device_rid):
        self.conn, self.app_id, self.device, self.device_rid = conn, app_id, device, device_rid
        self.timer = None


class AppConn:
    def __init__(self, token, grant, outbox):
        self.token = token
        self.grant = grant      # STAR or a set of ids
        self.out = outbox
        self.subs = set()
        self.star = False
        self.star_snapshot = set()
        self.inflight = 0


def error_text(rid, code, message):
    return json.dumps({"id": rid, "error": {"code": code, "message": message}}, separators=(",", ":"))


class Hub:
    def __init__(self, config, bugs):
        self.config = config
        self.bugs = set(bugs)
        self.deadline = float(config.get("deadline_ms", 2000)) / 1000.0
        self.devices = {}
        self.grants = {}
        for app in config.get("apps") or []:
            token, devs = app.get("token"), app.get("devices")
            if not isinstance(token, str):
                continue
            if devs == STAR or self.grants.get(token) == STAR:
                self.grants[token] = STAR
            else:
                ids = {d for d in devs or [] if isinstance(d, str)}
                self.grants[token] = self.grants.get(token, set()) | ids
                for d in ids:
                    self.devices.setdefault(d, Device(d, None))
        self.ws_ids = set()
        for wd in config.get("ws_devices") or []:
            self.ws_ids.add(wd["deviceId"])
            self.devices[wd["deviceId"]] = Device(wd["deviceId"], "ws")
        self.conns = set()
        self.pending = {}       # (device id, device request id) -> Pending
        self.rng = random.SystemRandom()
        self.mqtt = None
        self.mqtt_connected = False
        self.notification_count = 0
        self.loop = None

    # ---- grants and subscriptions ------------------------------------------------------------
    def granted(self, conn, device_id):
        if device_id not in self.devices:
            return False
        return conn.grant == STAR or device_id in conn.grant

    def covers(self, conn, device_id, presence=False):
        if conn.star:
            if "star-leaks-ungranted" in self.bugs:
                return device_id in self.devices
            # Presence is left alone so the bug breaks EDP-HUB-3 only (withholding a later device's
            # presence from "*" would break EDP-HUB-4 as well).
            if "star-misses-later" in self.bugs and not presence and device_id not in conn.star_snapshot:
                return False
            return self.granted(conn, device_id)
        return device_id in conn.subs

    def granted_ids(self, conn):
        if conn.grant == STAR:
            return sorted(self.devices)
        return sorted(conn.grant)

    # ---- device side ---------------------------------------------------------------------------
    def device(self, device_id, kind):
        dev = self.devices.get(device_id)
        if dev is None:
            dev = self.devices[device_id] = Device(device_id, kind)
        elif dev.kind is None:
            dev.kind = kind
        return dev

    def set_presence(self, dev, online, model=None, announce=True):
        if online and isinstance(model, str):
            dev.model = model
        if dev.online == online:
            return
        dev.online = online
        trace("presence", dev.id, online, "subscribers:", [c.token[:6] for c in self.conns if self.covers(c, dev.id, presence=True)])
        if announce:
            note = json.dumps({"method": "device.presence", "params": {"deviceId": dev.id, "online": online}},
                              separators=(",", ":"))
            for conn in list(self.conns):
                if self.covers(conn, dev.id, presence=True):
                    conn.out.put(note)
        if not online:
            # In flight when the device goes offline: -4010 at once; a later answer is dropped.
            for key, p in list(self.pending.items()):
                if p.device is dev:
                    self.finish(key, error_text(p.app_id, -4010, "the device went offline"))

    def reachable(self, dev):
        if not dev.online:
            return False
        if dev.kind == "mqtt":
            return self.mqtt_connected
        return dev.link is not None

    def from_device(self, dev, raw):
        """A message a device sent: a response to a pending command, or a notification."""
        try:
            msg = loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError, RecursionError):
            return  # not a message (EDP-RPC-6): counts as not sent
        if not isinstance(msg, dict):
            return
        if "id" in msg:
            rid = as_id(msg["id"])
            has_result, has_error = "result" in msg, "error" in msg
            if rid is None or has_result == has_error:
                return
            if has_error and not isinstance(msg["error"], dict):
                return
            key = (dev.id, rid)
            p = self.pending.get(key)
            if p is None:
                return  # late (after -4011 or -4010) or not ours: dropped
            body = ('"result":' + dumps(msg["result"])) if has_result else ('"error":' + dumps(msg["error"]))
            self.finish(key, '{"id":%d,%s}' % (p.app_id, body))
            return
        method = msg.get("method")
        if method == "hello" and dev.kind == "ws":
            params = msg.get("params")
            model = params.get("model") if isinstance(params, dict) else None
            self.set_presence(dev, True, model)
            return
        if method not in ("properties_changed", "event_occurred") or "params" not in msg:
            return
        member = "items" if method == "properties_changed" else "event"
        note = '{"method":"device.%s","params":{"deviceId":%s,"%s":%s}}' % (
            method, json.dumps(dev.id), member, dumps(msg["params"]))
        for conn in list(self.conns):
            if self.covers(conn, dev.id) or ("notify-unsubscribed" in self.bugs and self.granted(conn, dev.id)):
                self.notification_count += 1
                late = "late-notifications" in self.bugs and self.notification_count % 5 == 0
                conn.out.put(note, delay=1.5 if late else 0.0)

    # ---- MQTT (a controller, section 5) --------------------------------------------------------
    def start_mqtt(self):
        import paho.mqtt.client as mqtt

        cfg = self.config.get("mqtt")
        if not cfg:
            return
        url = urlparse(cfg["url"])
        username = cfg.get("username", "controller:hub")
        client = mqtt.Client(client_id="outside-hub-%08x" % self.rng.getrandbits(32), clean_session=True,
                             protocol=mqtt.MQTTv311)
        client.username_pw_set(username, cfg.get("password"))
        client.reconnect_delay_set(min_delay=1, max_delay=2)
        call = self.loop.call_soon_threadsafe

        def on_socket_open(c, u, sock):
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            except OSError:
                pass

        def on_connect(c, u, flags, rc):
            if rc == 0:
                c.subscribe([("edp/1/+/state", 1), ("edp/1/+/rpc/reply", 1), ("edp/1/+/events", 1)])
                call(self.mqtt_up, True)
            else:
                log("broker refused the login, rc", rc)

        def on_disconnect(c, u, rc):
            call(self.mqtt_up, False)

        def on_message(c, u, msg):
            call(self.mqtt_message, msg.topic, bytes(msg.payload))

        client.on_socket_open = on_socket_open
        client.on_connect = on_connect
        client.on_disconnect = on_disconnect
        client.on_message = on_message
        client.connect_async(url.hostname or "127.0.0.1", url.port or 1883, keepalive=30)
        client.loop_start()
        self.mqtt = client

    def mqtt_up(self, up):
        self.mqtt_connected = up
        if not up:
            for key, p in list(self.pending.items()):
                if p.device.kind == "mqtt":
                    self.finish(key, error_text(p.app_id, -4010, "the device is offline (no broker)"))

    def mqtt_message(self, topic, payload):
        parts = topic.split("/")
        if len(parts) < 4 or parts[0] != "edp" or parts[1] != "1":
            return
        device_id, rest = parts[2], "/".join(parts[3:])
        if device_id in self.ws_ids:
            return  # a ws_devices id is reached over WebSocket only
        if rest == "state":
            if not payload:
                self.set_presence(self.device(device_id, "mqtt"), False)
                return
            try:
                msg = json.loads(payload.decode("utf-8"))
            except (ValueError, UnicodeDecodeError, RecursionError):
                return
            if not isinstance(msg, dict):
                return
            if msg.get("online") is True:
                self.set_presence(self.device(device_id, "mqtt"), True, msg.get("model"))
            elif msg.get("online") is False:
                self.set_presence(self.device(device_id, "mqtt"), False)
        elif rest in ("rpc/reply", "events"):
            dev = self.devices.get(device_id)
            if dev is not None:
                self.from_device(dev, payload)

    # ---- WebSocket devices (section 6) ---------------------------------------------------------
    async def ws_device(self, spec):
        import websockets

        dev = self.devices[spec["deviceId"]]
        headers = {"Authorization": "Bearer " + spec.get("token", "")}
        while True:
            try:
                async with websockets.connect(
                    spec["url"], extra_headers=headers, create_protocol=RawClientProtocol, max_size=2**20,
                    compression=None, ping_interval=None, open_timeout=5, close_timeout=1,
                ) as ws:
                    dev.link = Outbox(ws)
                    trace("ws device connected", dev.id)
                    try:
                        async for message in ws:
                            if isinstance(message, RawText) and len(message) <= MAX_BYTES:
                                self.from_device(dev, bytes(message))
                    finally:
                        trace("ws device closed", dev.id, "online" if dev.online else "offline")
                        dev.link.stop()
                        dev.link = None
                        self.set_presence(dev, False, announce="ws-close-silent" not in self.bugs)
            except asyncio.CancelledError:
                raise
            except Exception:
                pass
            await asyncio.sleep(1.0)  # first retry within 5 s, then never more than 30 s apart

    # ---- app side --------------------------------------------------------------------------------
    async def process_request(self, path, headers):
        if urlparse(path).path != "/edp/1/hub":
            return (HTTPStatus.NOT_FOUND, [("Content-Type", "text/plain")], b"not found\n")
        auth = headers.get("Authorization") or ""
        token = auth[7:] if auth.startswith("Bearer ") else None
        if token not in self.grants:
            return (HTTPStatus.UNAUTHORIZED, [("WWW-Authenticate", "Bearer")], b"unauthorized\n")
        if len(self.conns) >= MAX_CONNECTIONS:
            return (HTTPStatus.SERVICE_UNAVAILABLE, [], b"busy\n")
        return None

    async def app_handler(self, ws, *_):
        auth = ws.request_headers.get("Authorization") or ""
        token = auth[7:]
        conn = AppConn(token, self.grants[token], Outbox(ws))
        self.conns.add(conn)
        try:
            async for message in ws:
                if self.app_message(conn, bytes(message), not isinstance(message, RawText)) == "close":
                    await asyncio.sleep(0.05)
                    break
        except Exception:
            pass
        finally:
            self.conns.discard(conn)
            conn.out.close()

    def app_message(self, conn, raw, binary):
        send = conn.out.put
        trace("app", conn.token[:6], "binary" if binary else "text", repr(raw[:200]))
        if len(raw) > MAX_BYTES:
            return send(error_text(None, -32600, "message over 65536 bytes"))
        if binary:
            return send(error_text(None, -32700, "binary frames are not EDP/1 messages"))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            if "utf8-close" in self.bugs:
                conn.out.close(1007)
                return "close"
            return send(error_text(None, -32700, "not valid UTF-8"))
        try:
            msg = loads(text)
        except RecursionError:
            return send(error_text(None, -32600, "nested too deep"))
        except ValueError:
            return send(error_text(None, -32700, "not JSON"))
        if not isinstance(msg, dict):
            return send(error_text(None, -32600, "not a request object (a batch is not a request)"))
        rid = as_id(msg.get("id"))
        if rid is None:
            return send(error_text(None, -32600, "no valid id"))
        method = msg.get("method")
        params = msg.get("params")
        if method == "devices.list":
            result = [{"deviceId": d, "model": self.devices[d].model, "online": self.devices[d].online}
                      for d in self.granted_ids(conn)]
            return send(json.dumps({"id": rid, "result": result}, separators=(",", ":")))
        if method == "subscribe":
            return send(self.subscribe(conn, rid, params))
        if not isinstance(method, str) or method not in DEVICE_METHODS:
            return send(error_text(rid, -32601, "unknown method"))
        self.command(conn, rid, method, params)

    def subscribe(self, conn, rid, params):
        ids = params.get("deviceIds") if isinstance(params, dict) else None
        if ids == STAR:
            conn.star, conn.subs = True, set()
            conn.star_snapshot = {d for d in self.devices if self.granted(conn, d)}
            return '{"id":%d,"result":{}}' % rid
        if not isinstance(ids, list) or not all(isinstance(d, str) for d in ids):
            return error_text(rid, -32602, 'deviceIds must be "*" or an array of device ids')
        if not all(self.granted(conn, d) for d in ids):
            return error_text(rid, -4012, "unknown or not granted device")
        if "subscribe-adds" in self.bugs:
            conn.subs |= set(ids)
        else:
            conn.star, conn.subs = False, set(ids)
        return '{"id":%d,"result":{}}' % rid

    def command(self, conn, rid, method, params):
        send = conn.out.put
        if conn.inflight >= MAX_INFLIGHT:
            return send(error_text(rid, -4013, "busy: 64 requests in flight on this connection"))
        if not isinstance(params, dict) or not isinstance(params.get("deviceId"), str):
            return send(error_text(rid, -32602, "params must be an object with a string deviceId"))
        if method in ("devices.get_properties", "devices.set_properties") and "items" not in params:
            return send(error_text(rid, -32602, "params must have items"))
        device_id = params["deviceId"]
        if not self.granted(conn, device_id):
            return send(error_text(rid, -4012, "unknown or not granted device"))
        dev = self.devices[device_id]
        if not self.reachable(dev) and "forward-offline" not in self.bugs:
            return send(error_text(rid, -4010, "the device is offline"))
        if len(self.pending) >= MAX_PENDING:
            return send(error_text(rid, -4013, "busy: too many commands pending"))
        device_method = DEVICE_METHODS[method]
        device_rid = self.fresh_id(dev)
        if device_method == "get_model":
            request = '{"id":%d,"method":"get_model"}' % device_rid
        elif device_method == "action":
            rest = {k: v for k, v in params.items() if k != "deviceId"}
            request = '{"id":%d,"method":"action","params":%s}' % (device_rid, dumps(rest))
        else:
            request = '{"id":%d,"method":"%s","params":%s}' % (device_rid, device_method, dumps(params["items"]))
        key = (dev.id, device_rid)
        p = Pending(conn, rid, dev, device_rid)
        p.timer = self.loop.call_later(self.deadline, self.expire, key)
        self.pending[key] = p
        conn.inflight += 1
        if dev.kind == "mqtt" or (dev.kind is None and self.mqtt is not None):
            self.mqtt.publish("edp/1/%s/rpc" % dev.id, request, qos=1)
        elif dev.link is not None:
            dev.link.put(request)

    def fresh_id(self, dev):
        now = time.monotonic()
        if len(dev.recent_ids) > 1024:
            dev.recent_ids = {k: t for k, t in dev.recent_ids.items() if now - t < 60}
        while True:
            n = self.rng.randint(1, 2147483647)
            t = dev.recent_ids.get(n)
            if t is None or now - t >= 60:
                dev.recent_ids[n] = now
                return n

    def expire(self, key):
        p = self.pending.get(key)
        if p is not None:
            self.finish(key, error_text(p.app_id, -4011, "the device did not answer within deadline_ms"))

    def finish(self, key, text):
        p = self.pending.pop(key, None)
        if p is None:
            return
        p.timer.cancel()
        p.conn.inflight -= 1
        p.conn.out.put(text)

    # ---- life cycle ------------------------------------------------------------------------------
    async def run(self):
        import websockets

        self.loop = asyncio.get_running_loop()
        stopped = self.loop.create_future()
        for sig in (signal.SIGTERM, signal.SIGINT):
            self.loop.add_signal_handler(sig, lambda: stopped.done() or stopped.set_result(None))
        self.start_mqtt()
        tasks = [self.loop.create_task(self.ws_device(wd)) for wd in self.config.get("ws_devices") or []]
        host, _, port = self.config["listen"].rpartition(":")
        async with websockets.serve(
            self.app_handler, host or "127.0.0.1", int(port), create_protocol=RawServerProtocol,
            process_request=self.process_request, max_size=2**20, compression=None, ping_interval=None,
            write_limit=4 * 2**20,
        ):
            print("EDP-HUB READY ws://%s:%s/edp/1/hub" % (host, port), flush=True)
            await stopped
        for t in tasks:
            t.cancel()
        if self.mqtt is not None:
            self.mqtt.disconnect()
            self.mqtt.loop_stop()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--config")
    ap.add_argument("--bug", action="append", default=[], choices=sorted(BUGS))
    ap.add_argument("--list-bugs", action="store_true")
    args = ap.parse_args(argv)
    if args.list_bugs:
        for name, (rule, text) in BUGS.items():
            print(f"{name}\t{rule}\t{text}")
        return
    if not args.config:
        ap.error("--config FILE is required")
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    sys.setrecursionlimit(5000)
    asyncio.run(Hub(config, args.bug).run())


if __name__ == "__main__":
    main(sys.argv[1:])
