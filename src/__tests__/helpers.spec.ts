import { describe, expect, it } from 'vitest';

import { CatalogModel } from '../catalog';
import {
  ChangeTracker,
  isOptimistic,
  optimisticRow,
  upsert
} from '../instanceList';
import { openInstance, urlWithToken } from '../open';
import { DEFAULT_SETTINGS, readSettings } from '../settings';
import { notebook } from './fakes';

describe('instance bookkeeping', () => {
  it('reports changes of status, progress, failure and lease, not first sightings', () => {
    const tracker = new ChangeTracker();
    expect(tracker.observe([notebook('a', { status: 'CREATING' })])).toEqual(
      []
    );
    expect(tracker.observe([notebook('a', { status: 'CREATING' })])).toEqual(
      []
    );
    const progressed = notebook('a', {
      status: 'CREATING',
      action_progress: [{ step: 1, status: 'COMPLETED' }]
    });
    expect(tracker.observe([progressed])).toHaveLength(1);
    const renewed = notebook('a', { status: 'RUNNING', lease_deadline_ms: 5 });
    expect(tracker.observe([renewed])).toEqual([
      { notebook: renewed, previous: 'CREATING', previousDeadlineMs: null }
    ]);
    expect(tracker.gone('a')).toMatchObject({
      previous: 'RUNNING',
      notebook: { status: 'DELETED' }
    });
    expect(tracker.gone('a')).toBeNull();
  });

  it('keeps optimistic rows apart and replaces rows by id', () => {
    const row = optimisticRow(
      3,
      {
        name: 'nb',
        image_id: 'i',
        flavor: 'f',
        volume: { category: 'EVS', ownership: 'MANAGED' }
      },
      42
    );
    expect(isOptimistic(row.id)).toBe(true);
    expect(row).toMatchObject({
      name: 'nb',
      flavor: 'f',
      status: 'INIT',
      create_at: 42
    });
    const list = [notebook('a'), notebook('b')];
    expect(
      upsert(list, notebook('b', { status: 'STOPPED' })).map(n => n.status)
    ).toEqual(['RUNNING', 'STOPPED']);
    expect(upsert(list, notebook('c')).map(n => n.id)).toEqual(['c', 'a', 'b']);
  });
});

describe('opening an instance', () => {
  it('adds the token to the URL, keeping its other parameters', () => {
    expect(urlWithToken('http://127.0.0.1:9000/abc/lab?reset', 't0k/en')).toBe(
      'http://127.0.0.1:9000/abc/lab?reset=&token=t0k%2Fen'
    );
  });

  it('asks the server at click time and opens a new tab without opener or referrer', async () => {
    const opened: string[][] = [];
    const calls: string[] = [];
    await openInstance(
      {
        open: async (id: string) => (
          calls.push(id),
          { url: 'https://lab.example/nb/lab', token: 'secret' }
        )
      },
      'nb-1',
      (url, target, features) => opened.push([url, target, features])
    );
    expect(calls).toEqual(['nb-1']);
    expect(opened).toEqual([
      [
        'https://lab.example/nb/lab?token=secret',
        '_blank',
        'noopener,noreferrer'
      ]
    ]);
  });
});

describe('settings', () => {
  it('takes valid values and falls back to the defaults for the rest', () => {
    expect(readSettings({})).toEqual(DEFAULT_SETTINGS);
    const read = readSettings({
      pollIntervalFast: 2,
      pollIntervalSlow: -1,
      warningLeadMinutes: 5,
      extendHours: 500,
      confirmDelete: false,
      pageSize: 20
    });
    expect(read).toMatchObject({
      pollIntervalFast: 2,
      pollIntervalSlow: null,
      warningLeadMinutes: 5,
      extendHours: 1,
      confirmDelete: false,
      pageSize: 20
    });
  });
});

describe('CatalogModel', () => {
  it('loads once, per flavor for images, and reports failures', async () => {
    const calls: string[] = [];
    const catalog = new CatalogModel({
      flavors: async () => (calls.push('flavors'), [{ id: 'f' }]),
      images: async query => {
        calls.push(`images ${query?.flavor}`);
        if (query?.flavor === 'bad') {
          throw new Error('no images');
        }
        return [{ id: `i-${query?.flavor}` }];
      },
      presets: async () => (calls.push('presets'), []),
      switchableFlavors: async () => []
    });
    await catalog.loadFlavors();
    await catalog.loadFlavors();
    await catalog.loadImages('f');
    await catalog.loadImages('f');
    await expect(catalog.loadImages('bad')).rejects.toThrow('no images');

    expect(calls).toEqual(['flavors', 'images f', 'images bad']);
    expect(catalog.flavor('f')).toEqual({ id: 'f' });
    expect(catalog.images('f').items).toEqual([{ id: 'i-f' }]);
    expect(catalog.images('bad')).toMatchObject({
      loading: false,
      error: 'no images'
    });
    await catalog.reload();
    expect(calls.slice(3).sort()).toEqual([
      'flavors',
      'images bad',
      'images f',
      'presets'
    ]);
  });

  it('re-fetches the images it had on a reload, bypassing the server cache', async () => {
    // An open launch form asks for images only when its flavor changes.
    const refreshed: string[] = [];
    let version = 1;
    const catalog = new CatalogModel({
      flavors: async () => [{ id: 'f' }],
      images: async query => {
        if (query?.refresh) {
          refreshed.push(String(query.flavor));
        }
        return [{ id: `i-${query?.flavor}-v${version}` }];
      },
      presets: async () => [],
      switchableFlavors: async () => []
    });
    await catalog.loadImages('f');
    version = 2;
    const reloading = catalog.reload();
    // Until the new list is in, the form keeps the old one to choose from.
    expect(catalog.images('f')).toMatchObject({
      items: [{ id: 'i-f-v1' }],
      loading: true
    });
    await reloading;

    expect(refreshed).toEqual(['f']);
    expect(catalog.images('f')).toEqual({
      items: [{ id: 'i-f-v2' }],
      loading: false,
      error: null
    });
  });
});
