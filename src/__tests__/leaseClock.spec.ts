import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { HOUR, MINUTE } from '../format/time';
import {
  clampExtension,
  dueWarnings,
  extensionChoices,
  LeaseClock,
  soonestStop
} from '../leaseClock';
import { InstancesModel } from '../model';
import type { ILeaseWarning } from '../tokens';
import { FakeAPI, notebook, SERVER_NOW } from './fakes';

describe('pure lease arithmetic', () => {
  const running = [
    notebook('soon', { lease_deadline_ms: SERVER_NOW + 10 * MINUTE }),
    notebook('later', { lease_deadline_ms: SERVER_NOW + 60 * MINUTE }),
    notebook('forever', { lease_deadline_ms: null }),
    notebook('stopped', {
      status: 'STOPPED',
      lease_deadline_ms: SERVER_NOW + MINUTE
    })
  ];

  it('warns about the running instances stopping within the lead time, once each', () => {
    const due = dueWarnings(running, 0, SERVER_NOW, 15 * MINUTE, new Set());
    expect(due.map(w => w.notebook.id)).toEqual(['soon']);
    expect(
      dueWarnings(
        running,
        0,
        SERVER_NOW,
        15 * MINUTE,
        new Set([`soon@${SERVER_NOW + 10 * MINUTE}`])
      )
    ).toEqual([]);
    expect(dueWarnings(running, 0, SERVER_NOW, 0, new Set())).toEqual([]);
  });

  it("uses the server's clock: a browser an hour early still warns on time", () => {
    const browser = SERVER_NOW - 60 * MINUTE;
    expect(
      dueWarnings(running, 60 * MINUTE, browser, 15 * MINUTE, new Set()).map(
        w => w.notebook.id
      )
    ).toEqual(['soon']);
  });

  it('finds the instance that stops first', () => {
    expect(soonestStop(running, 0, SERVER_NOW)).toMatchObject({
      notebook: { id: 'soon' },
      remainingMs: 10 * MINUTE
    });
    expect(soonestStop([running[2]], 0, SERVER_NOW)).toBeNull();
  });
});

/** Await a promise whose progress needs the (fake) timers to run. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  await vi.advanceTimersByTimeAsync(10);
  return promise;
}

/**
 * Instance `a` RUNNING until 20 min from now, its model, a LeaseClock warning
 * 15 min ahead, the warnings it raised, and the browser clock to move.
 */
async function watchedLease() {
  const browser = { now: SERVER_NOW };
  const api = new FakeAPI();
  api.serverNow = () => browser.now;
  api.items = [notebook('a', { lease_deadline_ms: SERVER_NOW + 20 * MINUTE })];
  const model = new InstancesModel({
    api,
    auto: false,
    now: () => browser.now
  });
  await settle(model.refresh());
  const clock = new LeaseClock({
    model,
    leadMinutes: () => 15,
    now: () => browser.now
  });
  const warnings: ILeaseWarning[] = [];
  clock.warning.connect((_, w) => warnings.push(w));
  return { browser, api, model, clock, warnings };
}

describe('extension lengths', () => {
  it("offers 1 h … 72 h up to the administrator's ceiling", () => {
    expect(extensionChoices(null).map(ms => ms / HOUR)).toEqual([
      1, 2, 4, 8, 12, 24, 48, 72
    ]);
    expect(extensionChoices(10 * HOUR).map(ms => ms / HOUR)).toEqual([
      1, 2, 4, 8
    ]);
  });

  it('offers the ceiling itself when it is under an hour', () => {
    expect(extensionChoices(30 * MINUTE)).toEqual([30 * MINUTE]);
  });

  it("cuts the warning's extension to the ceiling", () => {
    expect(clampExtension(2 * HOUR, 30 * MINUTE)).toBe(30 * MINUTE);
    expect(clampExtension(2 * HOUR, 4 * HOUR)).toBe(2 * HOUR);
    expect(clampExtension(2 * HOUR, null)).toBe(2 * HOUR);
  });
});

describe('LeaseClock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('window', globalThis);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('warns once when a deadline comes within the lead, after confirming with a refresh', async () => {
    const { browser, api, model, clock, warnings } = await watchedLease();

    await vi.advanceTimersByTimeAsync(2_000);
    expect(warnings).toEqual([]);
    expect(clock.remaining(model.running[0])).toBe(20 * MINUTE - 0);

    browser.now += 6 * MINUTE; // 14 minutes left
    const lists = api.calls.length;
    await vi.advanceTimersByTimeAsync(1_100);
    expect(api.calls.length).toBeGreaterThan(lists); // confirmed with the server first
    expect(api.calls.slice(lists)).not.toContain('status'); // the list is enough
    expect(warnings.map(w => w.notebook.id)).toEqual(['a']);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(warnings).toHaveLength(1);
    clock.dispose();
    model.dispose();
  });

  it('follows an instance past its deadline until the stop shows, with the panel hidden', async () => {
    const { browser, api, model, clock } = await watchedLease();
    const seen: string[] = [];
    model.instanceChanged.connect((_, change) =>
      seen.push(`${change.notebook.id} ${change.notebook.status}`)
    );

    browser.now += 20 * MINUTE; // the deadline; ModelArts' sweep comes later
    await vi.advanceTimersByTimeAsync(1_100);
    expect(model.running.map(n => n.id)).toEqual(['a']);

    api.items = [notebook('a', { status: 'STOPPED', lease_deadline_ms: null })];
    // Within the fast interval (2 s) of the server's hints, not the slow (20 s).
    await vi.advanceTimersByTimeAsync(5_000);
    expect(model.running).toEqual([]);
    expect(seen).toContain('a STOPPED');
    clock.dispose();
    model.dispose();
  });

  it('does not warn when the lease was renewed elsewhere meanwhile', async () => {
    const { browser, api, model, clock, warnings } = await watchedLease();

    api.items = [
      notebook('a', { lease_deadline_ms: SERVER_NOW + 120 * MINUTE })
    ];
    browser.now += 6 * MINUTE;
    await vi.advanceTimersByTimeAsync(3_000);
    expect(warnings).toEqual([]);
    clock.dispose();
    model.dispose();
  });
});
