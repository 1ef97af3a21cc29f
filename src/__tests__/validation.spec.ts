import { describe, expect, it } from 'vitest';

import * as V from '../validation';
import { trans } from './fakes';

describe('live checks use the server rules', () => {
  it.each([
    ['notebook-1', true],
    ['数据_分析-2', true],
    ['a'.repeat(128), true],
    ['a'.repeat(129), false],
    ['', false],
    ['has space', false],
    ['dot.ted', false]
  ])('name %s valid: %s', (name, valid) => {
    expect(V.nameProblem(name, trans) === null).toBe(valid);
  });

  it('advises about duplicates and long names without blocking', () => {
    expect(V.nameAdvice('nb', ['nb'], trans)).toMatch(/already/);
    expect(V.nameAdvice('a'.repeat(65), [], trans)).toMatch(/64/);
    expect(V.nameAdvice('fine', [], trans)).toBeNull();
  });

  it('checks storage sizes, and growth from the current size', () => {
    expect(V.capacityProblem('EVS', 5, trans)).toBeNull();
    expect(V.capacityProblem('EVS', 4, trans)).toMatch(/5 to 4096/);
    expect(V.capacityProblem('EFS', 1, trans)).toBeNull();
    expect(V.capacityProblem('EVS', 4097, trans)).not.toBeNull();
    expect(V.capacityProblem('EVS', 2.5, trans)).not.toBeNull();
    expect(V.capacityProblem('EVS', 10, trans, 20)).toMatch(/20 to 4096/);
    expect(V.capacityProblem('EVS', Number.NaN, trans)).not.toBeNull();
  });

  it('accepts public IPv4 addresses only, at most five', () => {
    expect(V.isPublicIPv4('203.0.113.7')).toBe(true);
    for (const ip of [
      '10.1.2.3',
      '192.168.0.1',
      '127.0.0.1',
      '172.20.0.1',
      '100.64.0.1',
      '224.0.0.1',
      '255.255.255.255',
      '1.2.3',
      '01.2.3.4',
      '256.1.1.1'
    ]) {
      expect(V.isPublicIPv4(ip)).toBe(false);
    }
    expect(V.allowedIpsProblem('203.0.113.7, 198.51.100.1', trans)).toBeNull();
    expect(V.allowedIpsProblem('203.0.113.7 10.0.0.1', trans)).toMatch(
      /10\.0\.0\.1/
    );
    expect(
      V.allowedIpsProblem(
        '1.1.1.1 1.1.1.2 1.1.1.3 1.1.1.4 1.1.1.5 1.1.1.6',
        trans
      )
    ).toMatch(/At most 5/);
  });

  it('refuses < and > in descriptions', () => {
    expect(V.descriptionProblem('fine & dandy', trans)).toBeNull();
    expect(V.descriptionProblem('<b>', trans)).not.toBeNull();
  });
});

describe('server errors land next to their field', () => {
  it('maps every problem location to its field, keeping all of them', () => {
    const errors = V.errorsForForm('Invalid request', null, [
      { location: 'body.name', rule: 'bad name' },
      { location: 'body.volume.capacity', rule: 'too small' },
      { location: 'body.lease.duration', rule: 'too long' },
      { location: 'body.endpoints.0.allowed_access_ips.1', rule: 'private' },
      { location: 'body.hooks', rule: 'odd' }
    ]);
    expect(errors.fields).toEqual({
      name: 'bad name',
      storage: 'too small',
      autoStop: 'too long',
      ssh: 'private'
    });
    expect(errors.general).toEqual(['body.hooks: odd']);
  });

  it('puts an upstream error with a known code next to its field', () => {
    expect(
      V.errorsForForm('The flavor is sold out', 'ModelArts.6329', [])
    ).toEqual({
      fields: { flavor: 'The flavor is sold out (ModelArts.6329)' },
      general: []
    });
    expect(
      V.errorsForForm('Quota exceeded', 'ModelArts.6302', []).general
    ).toEqual(['Quota exceeded (ModelArts.6302)']);
  });
});
