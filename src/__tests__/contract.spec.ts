/**
 * The generated wire contract (src/contract/generated.ts, from the server's
 * OpenAPI document): its constants make sense, and the modules that apply the
 * server's rules (validation.ts, format/status.ts) read them rather than keep
 * copies. `jlpm check:contract` checks that the file matches the server.
 */
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';

import {
  Answer,
  IFlavorView,
  INotebookPageView,
  INotebookView,
  IStatusView,
  LIMITS,
  NOTEBOOK_STATUSES,
  RequestBody,
  INotebookCreateRequest,
  STATUS_RULES,
  StatusAction
} from '../contract';
import * as S from '../format/status';
import * as V from '../validation';
import { trans } from './fakes';

const known = new Set<string>(NOTEBOOK_STATUSES);

describe('the generated constants', () => {
  it('carry a name pattern JavaScript compiles, with the server meaning', () => {
    const pattern = new RegExp(LIMITS.name_pattern);
    expect(pattern.test('gpu-box_1')).toBe(true);
    expect(pattern.test('训练')).toBe(true);
    expect(pattern.test('bad name!')).toBe(false);
    expect(pattern.test('')).toBe(false);
  });

  it('carry sane limits', () => {
    expect(LIMITS.name_advised_max).toBeLessThanOrEqual(LIMITS.name_max);
    expect(LIMITS.evs_min_gb).toBeLessThan(LIMITS.evs_max_gb);
    expect(LIMITS.description_forbidden).toContain('<');
    expect(LIMITS.list_limit_max).toBeGreaterThan(0);
  });

  it('name only known statuses', () => {
    const named = [
      ...Object.keys(STATUS_RULES.actions),
      ...STATUS_RULES.transitional,
      ...STATUS_RULES.failed,
      ...Object.keys(STATUS_RULES.heading),
      ...Object.values(STATUS_RULES.heading)
    ];
    expect(named.filter(status => !known.has(status))).toEqual([]);
    expect(Object.keys(STATUS_RULES.actions).sort()).toEqual(
      [...NOTEBOOK_STATUSES].sort()
    );
  });

  it('say where every transitional status is heading, and only those', () => {
    for (const status of STATUS_RULES.transitional) {
      expect(STATUS_RULES.heading[status], status).toBeDefined();
      expect(STATUS_RULES.transitional).not.toContain(
        STATUS_RULES.heading[status]
      );
    }
    expect(Object.keys(STATUS_RULES.heading).sort()).toEqual(
      [...STATUS_RULES.transitional].sort()
    );
    const both = STATUS_RULES.failed.filter(s =>
      STATUS_RULES.transitional.includes(s)
    );
    expect(both).toEqual([]);
  });

  it('are frozen all the way down', () => {
    expect(Object.isFrozen(LIMITS)).toBe(true);
    expect(Object.isFrozen(STATUS_RULES)).toBe(true);
    expect(Object.isFrozen(STATUS_RULES.actions)).toBe(true);
    expect(Object.isFrozen(STATUS_RULES.actions.RUNNING)).toBe(true);
    expect(Object.isFrozen(NOTEBOOK_STATUSES)).toBe(true);
  });

  it('type each endpoint with its schema', () => {
    // Checked by tsc (jlpm typecheck:test); no-ops when the test runs.
    expectTypeOf<Answer<'/status', 'get'>>().toEqualTypeOf<IStatusView>();
    expectTypeOf<
      Answer<'/notebooks', 'get'>
    >().toEqualTypeOf<INotebookPageView>();
    expectTypeOf<Answer<'/notebooks', 'post'>>().toEqualTypeOf<INotebookView>();
    expectTypeOf<Answer<'/flavors', 'get'>['items']>().toEqualTypeOf<
      IFlavorView[]
    >();
    expectTypeOf<
      RequestBody<'/notebooks', 'post'>
    >().toEqualTypeOf<INotebookCreateRequest>();
  });
});

describe('validation.ts applies LIMITS', () => {
  it('checks names against name_max and name_pattern', () => {
    expect(V.nameProblem('a'.repeat(LIMITS.name_max), trans)).toBeNull();
    expect(V.nameProblem('a'.repeat(LIMITS.name_max + 1), trans)).toContain(
      String(LIMITS.name_max)
    );
    expect(V.nameProblem('gpu-box_1', trans)).toBeNull();
    expect(V.nameProblem('训练', trans)).toBeNull();
    expect(V.nameProblem('bad name!', trans)).not.toBeNull();
    const long = 'a'.repeat(LIMITS.name_advised_max + 1);
    expect(V.nameAdvice(long, [], trans)).toContain(
      String(LIMITS.name_advised_max)
    );
    expect(
      V.nameAdvice('a'.repeat(LIMITS.name_advised_max), [], trans)
    ).toBeNull();
  });

  it('checks descriptions against description_max and description_forbidden', () => {
    const max = LIMITS.description_max;
    expect(V.descriptionProblem('a'.repeat(max), trans)).toBeNull();
    expect(V.descriptionProblem('a'.repeat(max + 1), trans)).toContain(
      String(max)
    );
    for (const char of LIMITS.description_forbidden) {
      const problem = V.descriptionProblem(`a ${char} b`, trans);
      expect(problem, char).toContain(char);
    }
    expect(V.descriptionProblem('without < or >', trans)).toMatch(
      /without < or >\.$/
    );
  });

  it('checks storage sizes against the EVS and volume ranges', () => {
    expect(V.capacityProblem('EVS', LIMITS.evs_min_gb, trans)).toBeNull();
    expect(V.capacityProblem('EVS', LIMITS.evs_max_gb, trans)).toBeNull();
    expect(
      V.capacityProblem('EVS', LIMITS.evs_min_gb - 1, trans)
    ).not.toBeNull();
    expect(
      V.capacityProblem('EVS', LIMITS.evs_max_gb + 1, trans)
    ).not.toBeNull();
    expect(V.capacityProblem('EFS', LIMITS.volume_max_gb, trans)).toBeNull();
    expect(
      V.capacityProblem('EFS', LIMITS.volume_max_gb + 1, trans)
    ).not.toBeNull();
  });

  it('counts allowed IPs against allowed_access_ips_max', () => {
    const ips = (n: number) =>
      Array.from({ length: n }, (_, i) => `203.0.113.${i + 1}`).join(' ');
    const max = LIMITS.allowed_access_ips_max;
    expect(V.allowedIpsProblem(ips(max), trans)).toBeNull();
    expect(V.allowedIpsProblem(ips(max + 1), trans)).toContain(String(max));
  });
});

describe('format/status.ts applies STATUS_RULES', () => {
  it('knows the transitional and failed statuses of the rules', () => {
    for (const status of NOTEBOOK_STATUSES) {
      expect(S.isTransitional(status), status).toBe(
        STATUS_RULES.transitional.includes(status)
      );
      expect(S.isFailed(status), status).toBe(
        STATUS_RULES.failed.includes(status)
      );
    }
  });

  it('offers exactly the actions each status allows', () => {
    for (const status of NOTEBOOK_STATUSES) {
      const allowed: readonly StatusAction[] =
        STATUS_RULES.actions[status] ?? [];
      const has = (action: StatusAction) => allowed.includes(action);
      const withLease = S.actionsFor({ status, lease_deadline_ms: 1 });
      const expected: S.InstanceAction[] = [];
      if (has('open')) {
        expected.push('open');
      }
      if (has('lease')) {
        expected.push('extend');
      }
      if (has('stop')) {
        expected.push('stop');
      }
      if (has('start')) {
        expected.push('start');
      }
      if (status === 'STOPPED' && (has('switch') || has('update'))) {
        expected.push('edit');
      }
      if (has('delete')) {
        expected.push('delete');
      }
      expect(withLease, status).toEqual(expected);
      expect(S.actionsFor({ status }), status).toEqual(
        expected.filter(action => action !== 'extend')
      );
    }
  });
});

describe('a changed rule changes the verdict', () => {
  afterEach(() => {
    vi.doUnmock('../contract');
    vi.resetModules();
  });

  it('validation.ts follows LIMITS', async () => {
    vi.resetModules();
    vi.doMock('../contract', async original => {
      const real = await original<typeof import('../contract')>();
      return {
        ...real,
        LIMITS: {
          ...real.LIMITS,
          name_max: 3,
          name_pattern: '^[a-z]+$',
          description_forbidden: '#'
        }
      };
    });
    const fresh = await import('../validation');
    expect(fresh.nameProblem('abc', trans)).toBeNull();
    expect(fresh.nameProblem('abcd', trans)).toContain('3');
    expect(fresh.nameProblem('ab-c', trans)).not.toBeNull();
    expect(fresh.descriptionProblem('<b>', trans)).toBeNull();
    expect(fresh.descriptionProblem('#1', trans)).toContain('#');
  });

  it('format/status.ts follows STATUS_RULES', async () => {
    vi.resetModules();
    vi.doMock('../contract', async original => {
      const real = await original<typeof import('../contract')>();
      return {
        ...real,
        STATUS_RULES: {
          ...real.STATUS_RULES,
          transitional: ['RUNNING'],
          failed: ['STOPPED'],
          actions: { RUNNING: ['stop'], STOPPED: ['start', 'update'] }
        }
      };
    });
    const fresh = await import('../format/status');
    expect(fresh.isTransitional('RUNNING')).toBe(true);
    expect(fresh.isTransitional('CREATING')).toBe(false);
    expect(fresh.isFailed('STOPPED')).toBe(true);
    expect(
      fresh.actionsFor({ status: 'RUNNING', lease_deadline_ms: 1 })
    ).toEqual(['stop']);
    expect(fresh.actionsFor({ status: 'STOPPED' })).toEqual(['start', 'edit']);
    expect(fresh.actionsFor({ status: 'ERROR' })).toEqual([]);
  });
});
