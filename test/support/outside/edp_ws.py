"""WebSocket helpers shared by the outside hub and device (websockets 10.4, legacy asyncio API).

EDP/1 (docs/protocol.md, "Messages") wants a text frame that is not valid UTF-8 answered with
-32700, not a 1007 close; websockets decodes text frames itself and closes with 1007, so these
protocol classes hand over the raw bytes of every message and let the caller decode them.
"""
import asyncio

from websockets.exceptions import ProtocolError
from websockets.legacy.client import WebSocketClientProtocol
from websockets.frames import OP_BINARY, OP_CONT, OP_TEXT
from websockets.legacy.server import WebSocketServerProtocol


class RawText(bytes):
    """The undecoded payload of a text frame (a plain `bytes` is a binary frame)."""


async def _read_raw_message(self):
    frame = await self.read_data_frame(max_size=self.max_size)
    if frame is None:
        return None
    if frame.opcode == OP_TEXT:
        text = True
    elif frame.opcode == OP_BINARY:
        text = False
    else:
        raise ProtocolError("unexpected opcode")
    parts = [bytes(frame.data)]
    max_size = None if self.max_size is None else self.max_size - len(frame.data)
    while not frame.fin:
        frame = await self.read_data_frame(max_size=max_size)
        if frame is None:
            raise ProtocolError("incomplete fragmented message")
        if frame.opcode != OP_CONT:
            raise ProtocolError("unexpected opcode")
        parts.append(bytes(frame.data))
        if max_size is not None:
            max_size -= len(frame.data)
    data = b"".join(parts)
    return RawText(data) if text else data


class RawServerProtocol(WebSocketServerProtocol):
    read_message = _read_raw_message


class RawClientProtocol(WebSocketClientProtocol):
    read_message = _read_raw_message


class Outbox:
    """One writer task per connection: frames leave in the order they were queued, and queueing
    never awaits, so whoever queues keeps its own order (EDP-HUB-1 ordering, EDP-WS-3)."""

    def __init__(self, ws):
        self.ws = ws
        self.queue = asyncio.Queue()
        self.task = asyncio.get_event_loop().create_task(self._run())

    def put(self, text, delay=0.0):
        self.queue.put_nowait((text, delay))

    async def _run(self):
        try:
            while True:
                text, delay = await self.queue.get()
                if text is None:
                    await self.ws.close(code=delay or 1000)
                    return
                if delay:
                    # Only the late-notifications planted bug delays; later frames wait behind it.
                    asyncio.get_event_loop().call_later(delay, self._send_later, text)
                    continue
                await self.ws.send(text)
        except Exception:
            pass

    def _send_later(self, text):
        asyncio.get_event_loop().create_task(self._safe_send(text))

    async def _safe_send(self, text):
        try:
            await self.ws.send(text)
        except Exception:
            pass

    def close(self, code=1000):
        self.queue.put_nowait((None, code))

    def stop(self):
        self.task.cancel()
