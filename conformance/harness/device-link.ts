/**
 * The seam between the harness and a device: send a raw frame, receive frames with the time
 * they arrived, close. One implementation per binding (MQTT through a broker, direct
 * WebSocket); the harness never knows which. Frames are raw: judging them is the harness's job.
 */
import type { Binding } from '../../src/result/index.js';

export interface ReceivedFrame {
  /** Milliseconds on the link's clock (`performance.now()` unless injected) when it arrived. */
  readonly atMs: number;
  /** Where it came from: an MQTT topic, or `ws`. */
  readonly channel: string;
  readonly payload: string | Uint8Array;
  /** A WebSocket binary frame (section 6 allows text frames only). */
  readonly binary?: boolean;
}

export interface SendOptions {
  /** Send as a WebSocket binary frame (only meaningful over WebSocket). */
  readonly binary?: boolean;
}

export type FrameListener = (frame: ReceivedFrame) => void;

export interface DeviceLink {
  readonly binding: Binding;
  /** Where requests go, for traces: the `rpc` topic, or `ws`. */
  readonly requestChannel: string;
  /**
   * Whether every response on this link answers this harness: true over WebSocket (per
   * connection) and with the embedded broker (fleetcert is the only controller); false on a
   * shared broker, where other controllers' responses show up too.
   */
  readonly exclusive: boolean;
  /** The clock `atMs` is measured on. */
  now(): number;
  /** Resolves once the frame is handed to the transport; rejects when the link is down. */
  send(frame: string | Uint8Array, options?: SendOptions): Promise<void>;
  /** Frames from the device (responses and notifications); returns the unsubscribe function. */
  onFrame(listener: FrameListener): () => void;
  close(): Promise<void>;
}
