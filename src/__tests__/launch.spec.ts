import { describe, expect, it } from 'vitest';

import * as L from '../launch';
import type { IFlavorView, IPreset } from '../contract';
import { trans } from './fakes';

const choices: L.ILaunchChoices = {
  flavor: 'modelarts.vm.cpu.2u',
  image: 'img-1',
  name: 'nb-1',
  description: '',
  storageCategory: 'EVS',
  capacity: 20,
  autoStop: L.DEFAULT_AUTO_STOP,
  keyPairs: '',
  allowedIps: ''
};

describe('create request from the form', () => {
  it('holds the choices, with a 1 h TIMING lease by default', () => {
    expect(L.createRequest(choices)).toEqual({
      name: 'nb-1',
      flavor: 'modelarts.vm.cpu.2u',
      image_id: 'img-1',
      volume: { category: 'EVS', ownership: 'MANAGED', capacity: 20 },
      lease: { type: 'TIMING', duration: 3_600_000 }
    });
  });

  it('adds SSH access, idle auto-stop, a description, and DEFAULT for a free flavor', () => {
    const request = L.createRequest(
      {
        ...choices,
        autoStop: 'IDLE:1800000',
        keyPairs: 'kp-a, kp-b',
        allowedIps: '203.0.113.7',
        description: ' mine '
      },
      { id: 'free', feature: 'DEFAULT' }
    );
    expect(request.lease).toEqual({ type: 'IDLE', duration: 1_800_000 });
    expect(request.endpoints).toEqual([
      {
        service: 'SSH',
        key_pair_names: ['kp-a', 'kp-b'],
        allowed_access_ips: ['203.0.113.7']
      }
    ]);
    expect(request.description).toBe('mine');
    expect(request.feature).toBe('DEFAULT');
  });

  it('turns auto-stop off with -1', () => {
    expect(
      L.createRequest({ ...choices, autoStop: L.AUTO_STOP_OFF }).lease
    ).toEqual({ type: 'TIMING', duration: -1 });
  });
});

describe('auto-stop choices', () => {
  it('stay under the administrator ceiling, without "never" then', () => {
    const all = L.autoStopOptions(null, trans).map(o => o.value);
    const capped = L.autoStopOptions(4 * 3_600_000, trans).map(o => o.value);
    expect(all).toContain(L.AUTO_STOP_OFF);
    expect(all).toContain('TIMING:259200000');
    expect(capped).not.toContain(L.AUTO_STOP_OFF);
    expect(capped).not.toContain('TIMING:28800000');
    expect(capped).toContain('TIMING:14400000');
    expect(L.autoStopOptions(null, trans)[0].label).toBe('After 1 h');
  });
});

const flavors: IFlavorView[] = [
  { id: 'free', free: true, storages: ['EVS'] },
  { id: 'cpu', storages: ['EVS', 'EFS'] },
  { id: 'gone', sold_out: true, storages: ['EVS'] },
  { id: 'npu', storages: ['EFS'] }
];

describe('defaults and remembered choices', () => {
  it('starts with the first billed flavor that can be launched', () => {
    expect(L.defaultFlavor(flavors)?.id).toBe('cpu');
    expect(L.defaultFlavor([flavors[0], flavors[2]])?.id).toBe('free');
  });

  it("offers the flavor's managed storage kinds, SFS as EFS", () => {
    expect(L.storageChoices(flavors[1])).toEqual(['EVS', 'EFS']);
    expect(L.storageChoices({ id: 'x', storages: ['SFS', 'OBS'] })).toEqual([
      'EFS'
    ]);
  });

  it('reuses a remembered choice only when the catalogue still allows it', () => {
    const values = ['TIMING:3600000'];
    expect(
      L.restoreChoices(
        {
          flavor: 'cpu',
          image: 'i',
          storageCategory: 'EFS',
          capacity: 50,
          autoStop: 'TIMING:3600000'
        },
        flavors,
        values
      )
    ).toEqual({
      flavor: 'cpu',
      image: 'i',
      storageCategory: 'EFS',
      capacity: 50,
      autoStop: 'TIMING:3600000'
    });
    expect(
      L.restoreChoices(
        { flavor: 'gone', image: 'i', autoStop: 'TIMING:999' },
        flavors,
        values
      )
    ).toEqual({});
    expect(
      L.restoreChoices(
        { flavor: 'npu', storageCategory: 'EVS' },
        flavors,
        values
      )
    ).toEqual({ flavor: 'npu' });
    expect(L.restoreChoices(null, flavors, values)).toEqual({});
  });

  it('suggests the first free numbered name', () => {
    expect(L.suggestName('nb-', ['nb-1', 'nb-3'])).toBe('nb-2');
    expect(L.suggestName('nb-', [])).toBe('nb-1');
  });
});

describe('presets', () => {
  it('become an ordinary create request', () => {
    const preset: IPreset = {
      slug: 'small',
      display_name: 'Small',
      flavor: 'cpu',
      image: 'cpu-image',
      storage: { category: 'EVS', capacity: 10 },
      lease: { type: 'TIMING', duration_ms: 7_200_000 },
      feature: null,
      notebook_description: 'from a preset',
      name_prefix: 'small-'
    };
    expect(L.presetRequest(preset, 'small-1')).toEqual({
      name: 'small-1',
      flavor: 'cpu',
      image_id: 'cpu-image',
      volume: { category: 'EVS', ownership: 'MANAGED', capacity: 10 },
      lease: { type: 'TIMING', duration: 7_200_000 },
      description: 'from a preset'
    });
  });
});
