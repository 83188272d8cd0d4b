/**
 * fast-check arbitrary of valid load scenario documents, as a file holds them (before defaults):
 * every optional section present or not, quantities spelled every way the reader accepts,
 * ramps that go the right way within the fleet, thresholds naming real metrics. Test-only.
 */
import fc from 'fast-check';

export interface ScenarioDocumentConstraints {
  /** Most fleet entries. Default 3. */
  readonly maxFleetEntries?: number;
  /** Most stages. Default 5. */
  readonly maxStages?: number;
}

const spaced = (a: string, b: string) => fc.constantFrom(`${a}${b}`, `${a} ${b}`);
const decimal = fc.oneof(
  fc.integer({ min: 0, max: 10_000 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([a, b]) => `${a}.${b}`),
);
const positiveDecimal = fc.integer({ min: 1, max: 10_000 }).map(String);

export const durationText = (minMs = 0): fc.Arbitrary<string | number> =>
  fc.oneof(
    fc.integer({ min: minMs, max: 600_000 }),
    fc.integer({ min: Math.ceil(minMs / 1000), max: 600 }).chain((n) => spaced(String(n), 's')),
    fc.integer({ min: minMs, max: 600_000 }).chain((n) => spaced(String(n), 'ms')),
    fc.integer({ min: Math.max(1, Math.ceil(minMs / 60_000)), max: 60 }).chain((n) => spaced(String(n), 'm')),
    fc.constant('1h'),
    ...(minMs === 0 ? [decimal.chain((n) => spaced(n, 'us'))] : []),
  );

const rateText = (positive: boolean): fc.Arbitrary<string | number> =>
  fc.oneof(
    positive ? fc.integer({ min: 1, max: 5000 }) : fc.integer({ min: 0, max: 5000 }),
    fc
      .tuple(
        positive ? positiveDecimal : decimal,
        fc.constantFrom('s', 'm', 'h'),
        fc.constantFrom('/', ' / '),
      )
      .map(([n, unit, slash]) => `${n}${slash}${unit}`),
  );

const THRESHOLDS = [
  'rpc.p99<250ms',
  'rpc.p50 <= 100ms',
  'rpc.lost==0',
  'rpc.wrong==0',
  'rpc.duplicated==0',
  'notify.lost==0',
  'notify.p99<500ms',
  'connect.failed==0',
];

const FLEET_TYPES = ['bulb', 'purifier', 'tv', 'lock', 'meter-2', 'x1y'];

export function scenarioDocument(
  constraints: ScenarioDocumentConstraints = {},
): fc.Arbitrary<Record<string, unknown>> {
  const fleet = fc
    .uniqueArray(fc.constantFrom(...FLEET_TYPES), {
      minLength: 1,
      maxLength: constraints.maxFleetEntries ?? 3,
    })
    .chain((types) =>
      fc.tuple(
        ...types.map((type) =>
          fc.record(
            {
              type: fc.constant(type),
              count: fc.integer({ min: 1, max: 2000 }),
              model: fc.constant(`models/${type}.json`),
            },
            { requiredKeys: ['type', 'count'] },
          ),
        ),
      ),
    );
  const tls = fc.boolean();
  const broker = tls.chain((secure) =>
    fc.record(
      {
        url: fc
          .tuple(
            fc.constantFrom(...(secure ? ['mqtts', 'wss'] : ['mqtt', 'ws'])),
            fc.constantFrom('127.0.0.1:1883', 'broker.example:8883', 'h:8080/mqtt'),
          )
          .map(([s, host]) => `${s}://${host}`),
        ...(secure ? { ca: fc.constant('ca.pem') } : {}),
        rejectUnauthorized: fc.boolean(),
      },
      { requiredKeys: ['url'] },
    ),
  );
  // Client certificates (mutual TLS) come in pairs, on TLS URLs only.
  const brokerWithCertificates = fc
    .tuple(broker, fc.boolean(), fc.boolean())
    .map(([b, devices, controllers]) => {
      const secure = /^(mqtts|wss):/.test(b.url);
      return {
        ...b,
        ...(secure && devices ? { cert: 'certs/{deviceId}.crt', key: 'certs/{deviceId}.key' } : {}),
        ...(secure && controllers
          ? { controllerCert: 'controller.crt', controllerKey: 'controller.key' }
          : {}),
      };
    });
  const tokens = fc.record(
    {
      devices: fc.oneof(
        fc.constantFrom('tok-{id}', '{type}-{index}', 'one-fixed-token'),
        fc.constant({ file: 'tokens.json' }),
      ),
      controller: fc.constantFrom('ctl', 'controller-token'),
    },
    { requiredKeys: [] },
  );
  return fc
    .record(
      {
        name: fc.constantFrom('smoke', 'soak', 'a scenario'),
        description: fc.string({ minLength: 1, maxLength: 40 }),
        seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        idPrefix: fc.constantFrom('', 'load-', 'a1-'),
        broker: brokerWithCertificates,
        fleet,
        tokens,
        telemetry: fc.record({ rate: rateText(false) }, { requiredKeys: [] }),
        requests: fc.record(
          {
            rate: rateText(false),
            mix: fc
              .record({ get: fc.nat(10), set: fc.nat(10), action: fc.nat(10) })
              .map((m) => (m.get + m.set + m.action === 0 ? { ...m, get: 1 } : m)),
            controllers: fc.integer({ min: 1, max: 1000 }),
          },
          { requiredKeys: [] },
        ),
        deadline: durationText(2000),
        settle: durationText(),
        interval: durationText(100),
        thresholds: fc.uniqueArray(fc.constantFrom(...THRESHOLDS), { maxLength: 4 }),
        $schema: fc.constant('../../docs/schemas/load-scenario.schema.json'),
      },
      { requiredKeys: ['broker', 'fleet'] },
    )
    .chain((doc) => {
      const size = (doc.fleet as Array<{ count: number }>).reduce((s, e) => s + e.count, 0);
      return stagesFor(size, constraints.maxStages ?? 5).map((stages) => ({ ...doc, stages }));
    });
}

/** Ramps up to at most the fleet, holds, ramps down: each ramp goes the way its name says. */
function stagesFor(size: number, maxStages: number): fc.Arbitrary<Array<Record<string, unknown>>> {
  const step = fc.record({
    kind: fc.constantFrom('rampUp', 'hold', 'rampDown'),
    rate: rateText(true),
    hold: durationText(),
    target: fc.integer({ min: 0, max: size }),
    asShare: fc.boolean(),
    withTo: fc.boolean(),
  });
  return fc.array(step, { minLength: 1, maxLength: maxStages }).map((steps) => {
    // A first ramp to one device: some stage must connect a device.
    const stages: Array<Record<string, unknown>> = [{ rampUp: 10, to: 1 }];
    let connected = 1;
    for (const s of steps) {
      if (s.kind === 'hold') {
        stages.push({ hold: s.hold });
        continue;
      }
      const up = s.kind === 'rampUp';
      const target = up ? Math.max(connected, s.target) : Math.min(connected, s.target);
      const byDefault = up ? target === size : target === 0;
      const to = s.asShare && (target === size || target === 0) ? (target === 0 ? '0%' : '100%') : target;
      stages.push(!s.withTo && byDefault ? { [s.kind]: s.rate } : { [s.kind]: s.rate, to });
      connected = target;
    }
    return stages;
  });
}
