#!/usr/bin/python3
"""An EDP/1 device for any model, over MQTT (section 5) or as a WebSocket server (section 6).

  device.py --broker mqtt://HOST:PORT --device-id ID --token T --model FILE [--bug NAME]
  device.py --ws-listen HOST:PORT --device-id ID --token T --model FILE [--bug NAME]
  device.py --list-bugs
  device.py --broker mqtts://HOST:PORT --tls-ca CA.pem ... [--tls-weakness no-hostname-check|cert-none|tls-1.1|common-name-fallback]
            [--tls-cert DEVICE.crt --tls-key DEVICE.key]   (mutual TLS: the certificate it was provisioned with)

Written by an outside engineer from docs/protocol.md and docs/model-format.md alone.
"""
import argparse
import asyncio
import json
import os
import signal
import socket
import sys
import threading
from http import HTTPStatus
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from device_core import BUGS, DeviceCore, dumps  # noqa: E402


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--broker")
    ap.add_argument("--ws-listen")
    ap.add_argument("--device-id")
    ap.add_argument("--token", default=os.environ.get("EDP_TOKEN", ""))
    ap.add_argument("--model")
    ap.add_argument("--bug", action="append", default=[], choices=sorted(BUGS))
    ap.add_argument("--list-bugs", action="store_true")
    # Section 9: the broker's CA (trust anchor) for mqtts://, and weaknesses common in the field.
    ap.add_argument("--tls-ca")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--tls-weakness", action="append", default=[], choices=["no-hostname-check", "cert-none", "tls-1.1", "common-name-fallback"])
    args = ap.parse_args(argv)
    if args.list_bugs:
        for name, (rule, text) in BUGS.items():
            print(f"{name}\t{rule}\t{text}")
        sys.exit(0)
    if bool(args.broker) == bool(args.ws_listen) or not args.device_id or not args.model:
        ap.error("give --device-id, --model and exactly one of --broker URL or --ws-listen HOST:PORT")
    return args


# ---- TLS (section 9) -------------------------------------------------------------------------
def tls_context(args):
    import ssl

    # The default context: CERT_REQUIRED, check_hostname, TLS 1.2 or newer, the given trust anchor only.
    ctx = ssl.create_default_context(cafile=args.tls_ca)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if args.tls_cert:
        # Mutual TLS (section 9): presented when the broker asks for a client certificate.
        ctx.load_cert_chain(certfile=args.tls_cert, keyfile=args.tls_key)
    weak = set(args.tls_weakness)
    # Python's default context still accepts a host named only in the common name (EDP-TLS-4 refuses it).
    ctx.hostname_checks_common_name = "common-name-fallback" in weak
    if "no-hostname-check" in weak or "cert-none" in weak:
        ctx.check_hostname = False
    if "cert-none" in weak:
        ctx.verify_mode = ssl.CERT_NONE
    if "tls-1.1" in weak:
        ctx.minimum_version = ssl.TLSVersion.TLSv1_1
        ctx.set_ciphers("DEFAULT@SECLEVEL=0")
    return ctx


# ---- MQTT (section 5) ------------------------------------------------------------------------
def run_mqtt(core, args):
    import paho.mqtt.client as mqtt

    dev = args.device_id
    base = f"edp/1/{dev}/"
    url = urlparse(args.broker)
    window = {}
    client = mqtt.Client(client_id=dev, clean_session=True, protocol=mqtt.MQTTv311)
    client.username_pw_set(dev, args.token)
    client.will_set(base + "state", '{"online":false}', qos=1, retain=True)
    client.reconnect_delay_set(min_delay=1, max_delay=30)
    if url.scheme == "mqtts":
        client.tls_set_context(tls_context(args))

    def on_socket_open(c, userdata, sock):
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass

    def on_connect(c, userdata, flags, rc):
        if rc == 0:
            c.subscribe(base + "rpc", qos=1)

    def on_subscribe(c, userdata, mid, granted):
        # Subscribed to rpc: only now may controllers see us online (they start sending then).
        c.publish(base + "model", dumps(core.model.doc), qos=1, retain=True)
        c.publish(base + "state", dumps({"online": True, "model": core.model.id, "fw": core.fw}), qos=1, retain=True)

    def on_message(c, userdata, msg):
        if msg.topic != base + "rpc":
            return
        response, notes = core.handle(bytes(msg.payload), False, window)
        if response is not None:
            c.publish(base + "rpc/reply", response, qos=1)
        for note in notes:
            c.publish(base + "events", note, qos=1)

    client.on_socket_open = on_socket_open
    client.on_connect = on_connect
    client.on_subscribe = on_subscribe
    client.on_message = on_message
    default_port = 8883 if url.scheme == "mqtts" else 1883
    client.connect_async(url.hostname or "127.0.0.1", url.port or default_port, keepalive=30)
    client.loop_start()

    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    print(f"device {dev} ({core.model.id}) connecting to {args.broker}", flush=True)
    stop.wait()
    # Graceful goodbye (EDP-MQTT-1): offline presence, retained, then DISCONNECT (no will).
    info = client.publish(base + "state", '{"online":false}', qos=1, retain=True)
    try:
        info.wait_for_publish(timeout=2)
    except Exception:
        pass
    client.disconnect()
    client.loop_stop()


# ---- WebSocket server (section 6) ------------------------------------------------------------
def run_ws(core, args):
    import websockets
    from edp_ws import Outbox, RawServerProtocol, RawText

    host, _, port = args.ws_listen.rpartition(":")
    connections = set()

    async def process_request(path, headers):
        if urlparse(path).path != "/edp/1":
            return (HTTPStatus.NOT_FOUND, [("Content-Type", "text/plain")], b"not found\n")
        if headers.get("Authorization") != f"Bearer {args.token}":
            return (HTTPStatus.UNAUTHORIZED, [("Content-Type", "text/plain"), ("WWW-Authenticate", "Bearer")], b"unauthorized\n")
        return None

    async def handler(ws, *_):
        out = Outbox(ws)
        # hello first, before this connection can be sent any notification (EDP-WS-2).
        out.put(dumps({"method": "hello", "params": {"deviceId": args.device_id, "model": core.model.id, "fw": core.fw}}))
        connections.add(out)
        window = {}  # request ids and the duplicate window are per connection
        try:
            async for message in ws:
                binary = not isinstance(message, RawText)
                response, notes = core.handle(bytes(message), binary, window)
                if response is not None:
                    out.put(response)
                for note in notes:
                    for c in list(connections):
                        c.put(note)
        except Exception:
            pass
        finally:
            connections.discard(out)
            out.close()

    async def main():
        loop = asyncio.get_running_loop()
        stopped = loop.create_future()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: stopped.done() or stopped.set_result(None))
        async with websockets.serve(
            handler, host or "127.0.0.1", int(port), create_protocol=RawServerProtocol,
            process_request=process_request, max_size=2**20, compression=None, ping_interval=None,
        ):
            print(f"device {args.device_id} ({core.model.id}) serving ws://{host}:{port}/edp/1", flush=True)
            await stopped

    asyncio.run(main())


def main(argv):
    args = parse_args(argv)
    with open(args.model, encoding="utf-8") as f:
        doc = json.load(f)
    doc.pop("$schema", None)
    core = DeviceCore(doc, bugs=args.bug)
    if args.broker:
        run_mqtt(core, args)
    else:
        run_ws(core, args)


if __name__ == "__main__":
    main(sys.argv[1:])
