import { describe, expect, it, vi } from 'vitest';

import { InstancesModel } from '../model';
import type { IInstanceChange } from '../tokens';
import {
  apiError,
  FakeAPI,
  model,
  notebook,
  SERVER_NOW,
  status
} from './fakes';

function changes(m: InstancesModel): IInstanceChange[] {
  const seen: IInstanceChange[] = [];
  m.instanceChanged.connect((_, change) => seen.push(change));
  return seen;
}

describe('InstancesModel refresh', () => {
  it('loads the status, then the instances, and learns the server clock', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a'), notebook('b', { status: 'STOPPED' })];
    const m = model(api);

    await m.refresh();

    expect(api.calls).toEqual([
      'status',
      'notebooks {"status":"","name":"","offset":0,"limit":10}'
    ]);
    expect(m.connection.kind).toBe('ready');
    expect(m.instances.map(n => n.id)).toEqual(['a', 'b']);
    expect(m.running.map(n => n.id)).toEqual(['a']);
    expect(m.total).toBe(2);
    expect(m.clockOffsetMs).toBe(90_000);
    expect(m.serverNow()).toBe(SERVER_NOW);
    m.dispose();
  });

  it('shows why ModelArts is not configured and lists nothing', async () => {
    const api = new FakeAPI();
    api.statusAnswer = status({
      configured: false,
      problems: ['no credentials'],
      hint: 'set them'
    });
    const m = model(api);

    await m.refresh();

    expect(m.connection).toMatchObject({
      kind: 'unconfigured',
      status: { problems: ['no credentials'] }
    });
    expect(api.calls).toEqual(['status']);
    m.dispose();
  });

  it('takes a 404 without our JSON body for a missing server extension', async () => {
    const api = new FakeAPI();
    api.statusAnswer = apiError(404, '<html>Not Found</html>');
    const m = model(api);

    await m.refresh();

    expect(m.connection.kind).toBe('missing');
    expect(m.lastError).toBe('plain');
    m.dispose();
  });

  it('re-reads only the list, not the status, when the filters change', async () => {
    const api = new FakeAPI();
    const m = model(api);
    await m.refresh();
    api.calls = [];
    m.setQuery({ status: 'RUNNING' });
    await m.refresh(false);

    expect(api.calls).not.toContain('status');
    expect(api.calls).toContain(
      'notebooks {"status":"RUNNING","name":"","offset":0,"limit":10}'
    );
    await m.refresh();
    expect(api.calls).toContain('status'); // an explicit refresh still does
    m.dispose();
  });

  it('passes filters and paging to the server and starts filters on the first page', async () => {
    const api = new FakeAPI();
    const m = model(api);
    await m.refresh();
    m.setQuery({ offset: 10 });
    m.setQuery({ status: 'RUNNING', name: 'gpu' });
    await m.refresh();

    expect(m.query).toEqual({
      status: 'RUNNING',
      name: 'gpu',
      offset: 0,
      limit: 10
    });
    expect(api.calls).toContain(
      'notebooks {"status":"RUNNING","name":"gpu","offset":0,"limit":10}'
    );
    // A filtered page does not show every running instance: one unfiltered list does.
    expect(api.calls).toContain('notebooks {"limit":50}');
    expect(api.calls).not.toContain(
      'notebooks {"status":"RUNNING","limit":50}'
    );
    m.dispose();
  });

  it('loads the latest filter typed while a list was on its way', async () => {
    const api = new FakeAPI();
    api.items = [notebook('ab'), notebook('abc')];
    const m = model(api);
    await m.refresh();

    const release = api.holdNextList();
    m.setQuery({ name: 'nb-ab' }); // its list is held on the way...
    await vi.waitFor(() =>
      expect(api.calls).toContain(
        'notebooks {"status":"","name":"nb-ab","offset":0,"limit":10}'
      )
    );
    m.setQuery({ name: 'nb-abc' }); // ...while the user types on
    const settled = m.refresh(false);
    release();
    await settled;

    expect(m.instances.map(n => n.id)).toEqual(['abc']);
    m.dispose();
  });

  it('moves to the last page with rows when the shown page empties', async () => {
    const api = new FakeAPI();
    api.items = Array.from({ length: 25 }, (_, i) =>
      notebook(`n${i}`, { status: 'STOPPED' })
    );
    const m = model(api);
    await m.refresh();
    m.setQuery({ offset: 20 });
    await m.refresh();
    expect(m.instances).toHaveLength(5);

    api.items = api.items.slice(0, 12); // deleted elsewhere: page 3 is gone
    await m.refresh();

    expect(m.query.offset).toBe(10);
    expect(m.instances.map(n => n.id)).toEqual(['n10', 'n11']);
    expect(m.total).toBe(12);

    api.items = []; // and then every one
    await m.refresh();
    expect(m.query.offset).toBe(0);
    m.dispose();
  });

  it('reports status changes between refreshes, and nothing on a first sighting', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'CREATING' })];
    const m = model(api);
    const seen = changes(m);
    await m.refresh();
    api.items = [notebook('a', { status: 'RUNNING' })];
    await m.refresh();

    expect(
      seen.map(c => [c.notebook.id, c.previous, c.notebook.status])
    ).toEqual([['a', 'CREATING', 'RUNNING']]);
    m.dispose();
  });

  it('reports an instance that vanished from the complete list as DELETED', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'DELETING' })];
    const m = model(api);
    const seen = changes(m);
    await m.refresh();
    api.items = [];
    await m.refresh();

    expect(
      seen.map(c => [c.notebook.id, c.previous, c.notebook.status])
    ).toEqual([['a', 'DELETING', 'DELETED']]);
    m.dispose();
  });
});

describe('InstancesModel actions', () => {
  it('shows the launched row at once, then the server answer', async () => {
    const api = new FakeAPI();
    let answer: (n: ReturnType<typeof notebook>) => void = () => undefined;
    api.createAnswer = () => new Promise(resolve => (answer = resolve));
    const m = model(api);
    await m.refresh();

    const launched = m.launch({
      name: 'fresh',
      image_id: 'img',
      volume: { category: 'EVS', ownership: 'MANAGED' }
    });
    expect(m.instances).toHaveLength(1);
    expect(m.instances[0]).toMatchObject({ name: 'fresh', status: 'INIT' });
    expect(m.instances[0].id).toMatch(/^optimistic:/);

    api.items = [notebook('n1', { name: 'fresh', status: 'CREATING' })];
    answer(notebook('n1', { name: 'fresh', status: 'INIT' }));
    await launched;
    expect(m.instances.map(n => n.id)).toEqual(['n1']);
    m.dispose();
  });

  it('launches through another call when asked (a preset), with the same optimistic row', async () => {
    const api = new FakeAPI();
    const m = model(api);
    await m.refresh();
    const sent: string[] = [];
    const launched = m.launch(
      {
        name: 'small-1',
        flavor: 'cpu',
        image_id: 'cpu-image',
        volume: { category: 'EVS', ownership: 'MANAGED' }
      },
      async () => (
        sent.push('preset'),
        notebook('p1', { name: 'small-1', status: 'INIT' })
      )
    );
    expect(m.instances[0]).toMatchObject({
      name: 'small-1',
      flavor: 'cpu',
      image: { id: 'cpu-image' }
    });
    await launched;
    expect(sent).toEqual(['preset']);
    expect(api.calls.filter(c => c.startsWith('create'))).toEqual([]);
    expect(m.instances.map(n => n.id)).toEqual(['p1']);
    m.dispose();
  });

  it('removes the optimistic row when the server refuses the launch', async () => {
    const api = new FakeAPI();
    api.createAnswer = () =>
      Promise.reject(apiError(400, { message: 'bad name', problems: [] }));
    const m = model(api);
    await m.refresh();

    await expect(
      m.launch({
        name: 'x y',
        image_id: 'img',
        volume: { category: 'EVS', ownership: 'MANAGED' }
      })
    ).rejects.toThrow('bad name');
    expect(m.instances).toHaveLength(0);
    m.dispose();
  });

  it('ignores a list fetched before an action answered', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'RUNNING' })];
    const m = model(api);
    await m.refresh();

    const release = api.holdNextList();
    const stale = m.refresh(); // its list says RUNNING...
    await Promise.resolve();
    await m.stop('a'); // ...but the stop answered STOPPING meanwhile
    api.items = [notebook('a', { status: 'STOPPING' })];
    release();
    await stale;

    expect(m.find('a')?.status).toBe('STOPPING');
    m.dispose();
  });

  it("loads again for an action's refresh asked while a list was on its way", async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { status: 'RUNNING' })];
    const m = model(api);
    await m.refresh();

    const release = api.holdNextList();
    const stale = m.refresh();
    await vi.waitFor(() => expect(api.holdList).toBeNull()); // the list is held
    await m.stop('a'); // answers STOPPING and asks for a refresh
    api.items = [notebook('a', { status: 'STOPPED' })];
    release();
    await stale;

    expect(m.find('a')?.status).toBe('STOPPED');
    m.dispose();
  });

  it('follows an instance it acted on off the page, without asking for it alone', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a'), notebook('b')];
    const m = model(api, { pageSize: 1 });
    await m.refresh();
    const seen = changes(m);
    m.setQuery({ name: 'nb-a' });
    await m.refresh();
    await m.remove('b'); // answers DELETING: b is watched although it is off the page
    api.items = [notebook('a'), notebook('b', { status: 'DELETING' })];
    await m.refresh();
    api.items = [notebook('a')];
    await m.refresh();

    expect(seen.map(c => [c.notebook.id, c.notebook.status])).toEqual([
      ['b', 'DELETING'],
      ['b', 'DELETED']
    ]);
    // The unfiltered list showed it: no single GET, so no 404 in the console.
    expect(api.calls.filter(c => c.startsWith('notebook '))).toEqual([]);
    m.dispose();
  });

  it('asks for a watched instance alone only when the account has over 50', async () => {
    const api = new FakeAPI();
    api.items = Array.from({ length: 60 }, (_, i) => notebook(`n${i}`));
    const m = model(api);
    await m.refresh();
    const seen = changes(m);
    await m.stop('n59'); // outside the first page and the first 50
    api.items = api.items.filter(n => n.id !== 'n59');
    await m.refresh();

    expect(api.calls).toContain('notebook n59');
    expect(seen.map(c => [c.notebook.id, c.notebook.status])).toContainEqual([
      'n59',
      'DELETED'
    ]);
    m.dispose();
  });

  it('shows a renewed deadline at once', async () => {
    const api = new FakeAPI();
    api.items = [notebook('a', { lease_deadline_ms: SERVER_NOW + 60_000 })];
    const m = model(api);
    await m.refresh();

    await m.renew('a', { type: 'TIMING', duration: 7_200_000 });

    expect(api.calls).toContain('renew a 7200000');
    expect(m.find('a')?.lease_deadline_ms).toBe(SERVER_NOW + 7_200_000);
    m.dispose();
  });
});
