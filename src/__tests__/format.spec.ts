import { describe, expect, it } from 'vitest';

import { describeError } from '../format/errors';
import {
  flavorSummary,
  groupFlavors,
  imageLabel,
  searchImages,
  supportsSsh
} from '../format/catalog';
import {
  actionsFor,
  isTransitional,
  progressSteps,
  statusLabel,
  statusTone
} from '../format/status';
import {
  clockOffset,
  formatDuration,
  formatLeaseLength,
  HOUR,
  MINUTE,
  remainingMs
} from '../format/time';
import type { IFlavorView, IImageView } from '../contract';
import { apiError, trans } from './fakes';

describe('time', () => {
  it('says durations as people do', () => {
    expect(formatDuration(45_900, trans)).toBe('45 s');
    expect(formatDuration(12 * MINUTE + 59_000, trans)).toBe('12 min');
    expect(formatDuration(HOUR + 5 * MINUTE, trans)).toBe('1 h 05 min');
    expect(formatDuration(3 * 24 * HOUR + 4 * HOUR, trans)).toBe('3 d 4 h');
    expect(formatDuration(2 * 24 * HOUR, trans)).toBe('2 d');
    expect(formatDuration(-5, trans)).toBe('0 s');
  });

  it('names lease lengths', () => {
    expect(formatLeaseLength(HOUR, trans)).toBe('1 h');
    expect(formatLeaseLength(24 * HOUR, trans)).toBe('1 day');
    expect(formatLeaseLength(72 * HOUR, trans)).toBe('3 days');
    expect(formatLeaseLength(30 * MINUTE, trans)).toBe('30 min');
  });

  it("counts down on the server's clock, not the browser's", () => {
    const server = 1_000_000;
    const browser = server - 120_000; // the laptop is two minutes late
    const offset = clockOffset(server, browser);
    expect(remainingMs(server + 10 * MINUTE, offset, browser)).toBe(
      10 * MINUTE
    );
    expect(remainingMs(server - 1, offset, browser)).toBe(0);
  });
});

describe('status', () => {
  it('knows which statuses change by themselves', () => {
    expect(
      ['INIT', 'CREATING', 'STARTING', 'STOPPING', 'DELETING'].every(
        isTransitional
      )
    ).toBe(true);
    expect(
      ['RUNNING', 'STOPPED', 'CREATE_FAILED', null].some(isTransitional)
    ).toBe(false);
  });

  it('offers the actions each status allows', () => {
    const bare = (status: string) => actionsFor({ status });
    const lease = { lease_deadline_ms: 1_800_000_000_000 };
    expect(actionsFor({ status: 'RUNNING', ...lease })).toEqual([
      'open',
      'extend',
      'stop',
      'delete'
    ]);
    expect(actionsFor({ status: 'STOPPED', ...lease })).toEqual([
      'start',
      'edit',
      'delete'
    ]);
    expect(bare('START_FAILED')).toEqual(['start', 'delete']);
    expect(bare('CREATE_FAILED')).toEqual(['delete']);
    // The server lets a notebook that is still coming up, or frozen, be deleted.
    expect(bare('CREATING')).toEqual(['delete']);
    expect(bare('FROZEN')).toEqual(['delete']);
    expect(bare('STARTING')).toEqual([]);
    expect(bare('SOMETHING_NEW')).toEqual([]);
  });

  it('offers Extend only to an instance with an auto-stop', () => {
    // Renewing a lease without a deadline would turn an auto-stop on.
    expect(actionsFor({ status: 'RUNNING' })).toEqual([
      'open',
      'stop',
      'delete'
    ]);
    expect(
      actionsFor({ status: 'RUNNING', lease_deadline_ms: null })
    ).not.toContain('extend');
  });

  it('labels and colours statuses, keeping unknown ones as sent', () => {
    expect(statusLabel('CREATE_FAILED', trans)).toBe('Create failed');
    expect(statusLabel('SOMETHING_NEW', trans)).toBe('SOMETHING_NEW');
    expect(statusTone('RUNNING')).toBe('running');
    expect(statusTone('START_FAILED')).toBe('failed');
    expect(statusTone('STOPPING')).toBe('busy');
    expect(statusTone('STOPPED')).toBe('stopped');
  });

  it('lists the provisioning steps in order while the instance comes up', () => {
    const steps = progressSteps(
      {
        status: 'CREATING',
        action_progress: [
          {
            step: 2,
            status: 'PROCESSING',
            description: 'Prepare the compute resource.'
          },
          {
            step: 1,
            status: 'COMPLETED',
            step_description: 'Prepare the storage.'
          },
          { step: 3, status: 'WAITING' }
        ]
      },
      trans
    );
    expect(steps.map(s => [s.title, s.status, s.description])).toEqual([
      ['Storage', 'COMPLETED', 'Prepare the storage.'],
      ['Compute', 'PROCESSING', 'Prepare the compute resource.'],
      ['Network', 'WAITING', '']
    ]);
  });

  it('hides the steps of a settled instance unless one failed', () => {
    const done = {
      status: 'RUNNING',
      action_progress: [{ step: 1, status: 'COMPLETED' }]
    };
    const failed = {
      status: 'CREATE_FAILED',
      action_progress: [{ step: 4, status: 'FAILED' }]
    };
    expect(progressSteps(done, trans)).toEqual([]);
    expect(progressSteps(failed, trans).map(s => s.title)).toEqual([
      'Initialisation'
    ]);
  });
});

const flavor = (id: string, extra: Partial<IFlavorView>): IFlavorView => ({
  id,
  ...extra
});

describe('catalogue', () => {
  it('groups flavors CPU, GPU, Ascend, then the rest', () => {
    const groups = groupFlavors(
      [
        flavor('npu', { category: 'ASCEND' }),
        flavor('gpu', { category: 'GPU' }),
        flavor('cpu', { category: 'cpu' }),
        flavor('odd', { category: 'FPGA' })
      ],
      trans
    );
    expect(groups.map(g => [g.label, g.flavors.map(f => f.id)])).toEqual([
      ['CPU', ['cpu']],
      ['GPU', ['gpu']],
      ['Ascend', ['npu']],
      ['Other', ['odd']]
    ]);
  });

  it('summarises what a flavor gives', () => {
    const t4 = flavor('t4', {
      vcpus: 8,
      memory_gib: 32,
      accelerator: { kind: 'GPU', count: 1, type: 'T4', memory: '16GB' }
    });
    expect(flavorSummary(t4, trans)).toBe('8 vCPU · 32 GiB · 1 × T4 (16GB)');
    expect(
      flavorSummary(flavor('x', { vcpus: 2, memory_gib: 7.5 }), trans)
    ).toBe('2 vCPU · 7.5 GiB');
  });

  it('finds images by every word of the search', () => {
    const images: IImageView[] = [
      {
        id: '1',
        name: 'pytorch1.8-cuda10.2',
        tag: '2022',
        description: 'PyTorch with CUDA'
      },
      { id: '2', name: 'tensorflow2.1', tag: '2022', description: 'TensorFlow' }
    ];
    expect(searchImages(images, 'torch CUDA').map(i => i.id)).toEqual(['1']);
    expect(searchImages(images, '  ').map(i => i.id)).toEqual(['1', '2']);
    expect(imageLabel(images[0])).toBe('pytorch1.8-cuda10.2:2022');
    expect(supportsSsh({ id: '3', dev_services: ['NOTEBOOK', 'ssh'] })).toBe(
      true
    );
  });
});

describe('errors', () => {
  it('gives the message, the upstream code and every problem', () => {
    const error = apiError(400, {
      message: 'Invalid request',
      code: 'ModelArts.6336',
      problems: [{ location: 'body.name', rule: 'too long' }]
    });
    expect(describeError(error, trans)).toBe(
      'Invalid request (ModelArts.6336)\nbody.name: too long'
    );
    expect(describeError(new Error('offline'), trans)).toBe('offline');
  });
});
