import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiError, FakeAPI, model, notebook } from './fakes';

describe('InstancesModel poll', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const lists = (api: FakeAPI) =>
    api.calls.filter(c => c.startsWith('notebooks')).length;

  it('hurries while an instance is transitional and relaxes when all are settled', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'STARTING' })];
    const m = model(api, { auto: true });
    m.panelVisible = true;
    await vi.advanceTimersByTimeAsync(100);
    const first = lists(api);
    await vi.advanceTimersByTimeAsync(2_100); // the server's fast hint is 2 s
    expect(lists(api)).toBeGreaterThan(first);

    api.items = [notebook('a', { status: 'RUNNING' })];
    await vi.advanceTimersByTimeAsync(2_100);
    const settled = lists(api);
    await vi.advanceTimersByTimeAsync(10_000); // less than the 20 s slow hint
    expect(lists(api)).toBe(settled);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(lists(api)).toBe(settled + 1);
    m.dispose();
  });

  it('stands by while the panel is hidden and nothing runs or changes, and refreshes when shown', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'STOPPED' })];
    const m = model(api, { auto: true });
    await vi.advanceTimersByTimeAsync(100);
    const before = lists(api);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(lists(api)).toBe(before);

    m.panelVisible = true;
    await vi.advanceTimersByTimeAsync(100);
    expect(lists(api)).toBe(before + 1);
    m.dispose();
  });

  it('keeps polling slowly while the panel is hidden and an instance runs', async () => {
    // It may stop by itself (its auto-stop, or elsewhere): the status bar and
    // the notifications must see it.
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'RUNNING' })];
    const m = model(api, { auto: true });
    await vi.advanceTimersByTimeAsync(100);
    const before = lists(api);
    await vi.advanceTimersByTimeAsync(10_000); // less than the 20 s slow hint
    expect(lists(api)).toBe(before);
    await vi.advanceTimersByTimeAsync(11_000);
    expect(lists(api)).toBe(before + 1);

    api.items = [notebook('a', { status: 'STOPPED' })];
    await vi.advanceTimersByTimeAsync(21_000); // sees the stop...
    const stopped = lists(api);
    await vi.advanceTimersByTimeAsync(120_000); // ...then stands by
    expect(lists(api)).toBe(stopped);
    m.dispose();
  });

  it('keeps polling a transitional instance while the panel is hidden', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'CREATING' })];
    const m = model(api, { auto: true });
    await vi.advanceTimersByTimeAsync(100);
    const before = lists(api);
    await vi.advanceTimersByTimeAsync(6_500);
    expect(lists(api)).toBeGreaterThanOrEqual(before + 3);
    m.dispose();
  });

  it('uses the intervals of the settings over the server hints', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'CREATING' })];
    const m = model(api, { auto: true });
    m.setIntervals(10, 60);
    await vi.advanceTimersByTimeAsync(100);
    const before = lists(api);
    await vi.advanceTimersByTimeAsync(9_000);
    expect(lists(api)).toBe(before);
    await vi.advanceTimersByTimeAsync(1_500);
    expect(lists(api)).toBe(before + 1);
    m.dispose();
  });

  it('backs off when the server fails', async () => {
    const api = new FakeAPI();
    api.statusAnswer = apiError(502, { message: 'upstream down' });
    const m = model(api, { auto: true });
    m.panelVisible = true;
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(600_000);
    // Backing off from 20 s towards 300 s: far fewer than the 30 tries of a steady 20 s poll.
    expect(api.calls.filter(c => c === 'status').length).toBeLessThan(15);
    expect(m.lastError).toBe('upstream down');
    m.dispose();
  });
});
