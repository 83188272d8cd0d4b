/** A trace file that arrived from anywhere: every problem named with its path, never a crash (exit 2). */
import { describe, expect, it } from 'vitest';
import { TraceFileError } from './errors.js';
import { parseTraceText, traceProblems } from './parse-trace.js';

const valid = {
  schema: 'fleetcert.trace/1',
  rule: 'EDP-PROP-4',
  model: { id: 'acme.bulb', sha256: 'a'.repeat(64) },
  device: { id: 'bulb-0001', binding: 'mqtt' },
  timing: { responseDeadlineMs: 2000, notificationDeadlineMs: 1000, quietMs: 20 },
  commands: ['set light.brightness = 150'],
  setup: { initialState: [{ siid: 2, piid: 1, value: true }], singleItems: false },
  steps: [
    {
      n: 1,
      kind: 'request',
      command: 0,
      request: { id: 7, method: 'set_properties', params: [{ siid: 2, piid: 2, value: 150 }] },
    },
  ],
  recorded: [],
  violations: [],
};

describe('parseTraceText', () => {
  it('accepts a well-formed trace', () => {
    expect(traceProblems(valid)).toEqual([]);
  });

  it.each([
    ['not JSON', '{', 'it is not JSON'],
    ['not an object', '[]', 'it is not a JSON object'],
    ['another file', '{"schema":"fleetcert.certification-result/1"}', 'schema must be "fleetcert.trace/1"'],
    ['a newer trace', '{"schema":"fleetcert.trace/2"}', 'this fleetcert reads fleetcert.trace/1'],
  ])('%s: a TraceFileError naming the file and the problem', (_, text, problem) => {
    const error = (() => {
      try {
        parseTraceText(text, 'traces/x.trace.json');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(TraceFileError);
    expect((error as TraceFileError).exitCode).toBe(2);
    expect((error as Error).message).toContain('traces/x.trace.json');
    expect((error as Error).message).toContain(problem);
  });

  it('lists every problem with its path', () => {
    const broken = {
      ...valid,
      rule: 'EDP-MQTT-1',
      model: { id: 'x', sha256: 'nope' },
      steps: [
        { kind: 'teleport', command: 0 },
        { kind: 'request', command: 0, request: { method: 'action', params: [] } },
      ],
    };
    expect(traceProblems(broken)).toEqual([
      '$.rule must be a model-based rule id (EDP-RPC-1 … EDP-NOTIFY-3)',
      '$.model must be { id, sha256 } with a hex SHA-256',
      '$.steps[0].kind must be request, malformed or repeat',
      '$.steps[1].request.params must be an object',
    ]);
  });
});
