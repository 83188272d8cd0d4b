/**
 * The world of the generated legal hub histories that the fixed-example judge tests replay: two
 * fleet devices, apps a (no grant), b ("*") and c (a ghost), four connections, D = 2 s. Each
 * test adds the requests, frames and device records of its own counterexample.
 */
export function twoDeviceWorld(endMs: number) {
  return {
    startMs: 1,
    endMs,
    deadlineMs: 2000,
    grants: new Map<string, string[] | '*'>([
      ['app-a', []],
      ['app-b', '*'],
      ['app-c', ['ghost-0a1']],
    ]),
    fleetIds: ['dev-0001', 'dev-0002'],
    modelIds: new Map([
      ['dev-0001', 'acme.dev-0001'],
      ['dev-0002', 'acme.dev-0002'],
    ]),
    connections: ['app-a#1', 'app-b#1', 'app-c#1', 'app-b#2'].map((name) => ({
      name,
      app: name.split('#')[0] as string,
      openedAtMs: 1,
      droppedFrames: 0,
    })),
  };
}
