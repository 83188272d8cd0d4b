/**
 * The processes one hub launch started, found by an environment variable fleetcert gives the
 * hub (`FLEETCERT_HUB_RUN=<id>`; children inherit it). A hub's process group does not reach a
 * process that called `setsid` (a new session and group, possibly re-parented to PID 1), but
 * that process still carries the marker in /proc/PID/environ, so teardown finds it there.
 * Linux only: without /proc nothing is found, and the process group is all teardown reaches.
 */
import { readdirSync, readFileSync } from 'node:fs';

export const HUB_RUN_ENV = 'FLEETCERT_HUB_RUN';

let launches = 0;

/** A marker unique on this machine while this fleetcert runs: its pid and a launch counter. */
export function newHubRunId(): string {
  launches += 1;
  return `${process.pid}-${launches}`;
}

/** Pids of live processes (other than this one) whose environment carries `HUB_RUN_ENV=id`. */
export function markedProcesses(id: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = Buffer.from(`${HUB_RUN_ENV}=${id}\0`);
  const found: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let environ: Buffer;
    try {
      // Another user's process (EACCES) or one that just ended (ENOENT): not ours to find.
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue;
    }
    const at = environ.indexOf(needle);
    // A whole variable: at the start of the block or right after a NUL.
    if (at === 0 || (at > 0 && environ[at - 1] === 0)) found.push(pid);
  }
  return found;
}

/** The process group of `pid`, or undefined when it is gone. */
function processGroupOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After "pid (comm) ": state, ppid, pgrp. comm may hold spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[2]);
  } catch {
    return undefined;
  }
}

/**
 * Sends `signal` once to every process group that holds a marked process, except `skipGroup`
 * (signalled already by the caller: a second SIGTERM would kill a hub that stops on the first)
 * and fleetcert's own group; a marked process in either of those that is not the hub's own
 * group gets the signal by pid. Returns how many marked processes there were.
 */
export function signalMarked(id: string, signal: NodeJS.Signals, skipGroup?: number): number {
  const pids = markedProcesses(id);
  const ownGroup = processGroupOf(process.pid);
  const groups = new Set<number>();
  for (const pid of pids) {
    const group = processGroupOf(pid);
    if (group === undefined || group === skipGroup) continue;
    if (group === ownGroup || group <= 1) send(pid, signal);
    else groups.add(group);
  }
  for (const group of groups) send(-group, signal);
  return pids.length;
}

function send(target: number, signal: NodeJS.Signals): void {
  try {
    process.kill(target, signal);
  } catch {
    // Already gone.
  }
}
