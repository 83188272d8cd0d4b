/**
 * EDP-WS-3: with 4 controllers connected, each gets the responses to its own requests and no
 * others, and every notification reaches all of them (within the notification deadline of the
 * response to the write that caused it).
 */
import { createRequestIdSource, decodeDeviceMessage } from '../../../src/protocol/index.js';
import { connectWsController, type WsControllerConnection } from '../../../src/transport/ws/index.js';
import { alternativeValue } from '../../generators/alternative-value.js';
import type { ModelIndex } from '../../judge/model-index.js';
import type { BindingCheckRun } from './binding-check-run.js';
import { changeTarget } from './change-target.js';

const RULE = 'EDP-WS-3';
const CONTROLLERS = 4;

interface Controller {
  readonly name: string;
  readonly connection: WsControllerConnection;
  readonly sent: Set<number>;
  readonly replies: Map<number, { result?: unknown; atMs: number }>;
  readonly items: Array<{ siid: number; piid: number; value: unknown; atMs: number }>;
  readonly next: () => number;
}

export interface ControllersContext {
  readonly url: string;
  readonly token: string;
  readonly index: ModelIndex;
  readonly seed: number;
  readonly responseDeadlineMs: number;
  readonly notificationDeadlineMs: number;
}

/**
 * Two scenarios, so a failure's counterexample holds only its own part: `responses` (4
 * controllers ask at once) and `notifications` (one writes, all must hear).
 */
export async function checkControllers(
  ctx: ControllersContext,
  responses: BindingCheckRun,
  notifications: BindingCheckRun,
): Promise<string[]> {
  let scenario = responses;
  const notes: string[] = [];
  scenario.step(`connect ${CONTROLLERS} controllers at once`);
  const controllers = await Promise.all(
    Array.from({ length: CONTROLLERS }, (_, i) => open(ctx, () => scenario, i)),
  );
  try {
    scenario.step('each controller reads (1, 1) at the same time');
    const ids = await Promise.all(
      controllers.map((c) => send(c, scenario, { method: 'get_properties', params: [{ siid: 1, piid: 1 }] })),
    );
    await Promise.all(
      controllers.map((c, i) => awaitReply(c, ids[i] as number, ctx.responseDeadlineMs, scenario)),
    );
    scenario = notifications;
    const target = changeTarget(ctx.index, true);
    if (target === undefined)
      notes.push(
        'the model has no writable, readable notify property: notifications to every controller were not checked',
      );
    else {
      const { property, guard } = target;
      const first = controllers[0] as Controller;
      const readId = await send(first, scenario, {
        method: 'get_properties',
        params: [{ siid: property.siid, piid: property.piid }],
      });
      const read = await awaitReply(first, readId, ctx.responseDeadlineMs, scenario);
      const current = Array.isArray(read?.result)
        ? (read.result[0] as { value?: unknown })?.value
        : undefined;
      const value = alternativeValue(property.spec, current);
      for (const [writer, v] of [
        [0, value],
        [CONTROLLERS - 1, current],
      ] as const) {
        if (v === undefined) continue;
        const c = controllers[writer] as Controller;
        scenario.step(
          `${c.name} writes ${property.label} = ${JSON.stringify(v)}; every controller must get the notification`,
        );
        const items = [
          ...(guard === undefined ? [] : [guard]),
          { siid: property.siid, piid: property.piid, value: v },
        ];
        const id = await send(c, scenario, { method: 'set_properties', params: items });
        const reply = await awaitReply(c, id, ctx.responseDeadlineMs, scenario);
        const codes = Array.isArray(reply?.result)
          ? (reply.result as Array<{ code?: unknown }>).map((i) => i.code)
          : [];
        if (reply === undefined || codes.some((code) => code !== 0)) {
          notes.push(
            `writing ${property.label} failed (judged under EDP-PROP-*): notifications were checked only as far as they came`,
          );
          break;
        }
        const by = reply.atMs + ctx.notificationDeadlineMs;
        for (const other of controllers) {
          const seen = await waitUntil(
            () =>
              other.items.some(
                (i) => i.siid === property.siid && i.piid === property.piid && i.value === v && i.atMs <= by,
              ),
            by,
          );
          if (!seen)
            scenario.fail(
              RULE,
              `${other.name} gets properties_changed ${property.label} = ${JSON.stringify(v)} within ${ctx.notificationDeadlineMs} ms`,
              'no such item',
            );
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    return notes;
  } finally {
    await Promise.all(controllers.map((c) => c.connection.close()));
  }
}

async function open(ctx: ControllersContext, current: () => BindingCheckRun, i: number): Promise<Controller> {
  const connection = await connectWsController(ctx.url, { token: ctx.token });
  const ids = createRequestIdSource(ctx.seed + 7919 * (i + 1));
  const controller: Controller = {
    name: `controller ${i + 1}`,
    connection,
    sent: new Set(),
    replies: new Map(),
    items: [],
    next: () => ids.next(),
  };
  const channel = `ws#${i + 1}`;
  const take = (payload: string | Uint8Array, atMs: number, binary: boolean) => {
    const scenario = current();
    const message = decodeDeviceMessage(payload, binary ? { binary: true } : {});
    if (message.kind === 'notification' && message.notification.method === 'hello') return;
    const ref = scenario.received(channel, payload, atMs, binary);
    if (message.kind === 'notification' && message.notification.method === 'properties_changed') {
      for (const item of message.notification.params) controller.items.push({ ...item, atMs });
    } else if (
      (message.kind === 'response' || message.kind === 'error-response') &&
      typeof message.id === 'number'
    ) {
      if (!controller.sent.has(message.id)) {
        scenario.fail(
          RULE,
          `${controller.name} gets responses to its own requests only`,
          `a response with id ${message.id}, which it never sent`,
          ref,
        );
      } else
        controller.replies.set(message.id, {
          ...(message.kind === 'response' ? { result: message.result } : {}),
          atMs,
        });
    }
  };
  for (const frame of connection.early) take(frame.payload, frame.atMs, frame.binary);
  connection.onFrame((frame) => take(frame.payload, frame.atMs, frame.binary));
  return controller;
}

async function send(
  c: Controller,
  scenario: BindingCheckRun,
  body: { method: string; params: unknown },
): Promise<number> {
  const id = c.next();
  c.sent.add(id);
  const frame = JSON.stringify({ id, ...body });
  scenario.sent(`ws#${c.name.slice(-1)}`, frame);
  await c.connection.send(frame).catch(() => undefined);
  return id;
}

async function awaitReply(
  c: Controller,
  id: number,
  deadlineMs: number,
  scenario: BindingCheckRun,
): Promise<{ result?: unknown; atMs: number } | undefined> {
  await waitUntil(() => c.replies.has(id), Date.now() + deadlineMs, true);
  const reply = c.replies.get(id);
  if (reply === undefined)
    scenario.fail(
      RULE,
      `${c.name} gets the response to its request ${id} within ${deadlineMs} ms`,
      'no response',
    );
  return reply;
}

/** Polls `done` until it holds or the deadline passes (`wallClock`: deadline on Date.now, else on performance.now). */
function waitUntil(done: () => boolean, deadline: number, wallClock = false): Promise<boolean> {
  const now = () => (wallClock ? Date.now() : performance.now());
  return new Promise((resolve) => {
    const poll = () => {
      if (done()) return resolve(true);
      if (now() > deadline) return resolve(false);
      setTimeout(poll, 5);
    };
    poll();
  });
}
