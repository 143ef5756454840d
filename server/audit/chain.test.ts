import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH } from './chain.ts';
import { dicomQuery, instancesRetrieved, searchFieldsOf, userAuthentication } from './record.ts';

const time = new Date('2026-12-02T10:00:00.123Z');
const requestor = { userId: 'ada', userName: 'Ada Okafor', address: '10.0.0.7' };
const archive = { sourceId: 'main', label: 'Main archive' };

describe('canonical JSON', () => {
  it('is the same text whatever order the keys were written in, and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ a: { c: 'x', d: [3, { y: 2, z: 1 }] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }));
  });

  it('keeps strings exactly, control characters escaped', () => {
    const text = 'Müller^Jürgen\u0000<x>"';
    expect(JSON.parse(canonicalJson({ name: text })).name).toBe(text);
    expect(canonicalJson({ name: '\u0000' })).toBe('{"name":"\\u0000"}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/finite/);
  });

  it('reads back to an equal event', () => {
    const event = dicomQuery({ time, sourceId: 'gw', requestor, archive, query: '/studies?PatientID=P1', patient: { id: 'P1', issuer: 'HOSP' } });
    expect(JSON.parse(canonicalJson(event))).toEqual(JSON.parse(JSON.stringify(event)));
  });
});

describe('chain hash', () => {
  it('is SHA-256 over the sequence number, the previous hash and the record', () => {
    const expected = createHash('sha256').update(`1\n${GENESIS_HASH}\n{"a":1}`).digest('hex');
    expect(chainHash(1, GENESIS_HASH, '{"a":1}')).toBe(expected);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
  });

  it('changes with any of its three inputs', () => {
    const hash = chainHash(2, 'ab', '{}');
    expect(chainHash(3, 'ab', '{}')).not.toBe(hash);
    expect(chainHash(2, 'ac', '{}')).not.toBe(hash);
    expect(chainHash(2, 'ab', '{ }')).not.toBe(hash);
  });
});

describe('search fields', () => {
  it('name the requesting user, address, archive, patients and studies of a record', () => {
    const event = instancesRetrieved({ time, sourceId: 'gw', requestor, archive, studyUid: '1.2.3', patient: { id: 'P1', issuer: 'HOSP' } });
    expect(searchFieldsOf(event)).toEqual({
      at: time,
      eventCode: '110104',
      outcome: 0,
      userId: 'ada',
      clientAddress: '10.0.0.7',
      sourceId: 'main',
      patientIds: ['P1'],
      studyUids: ['1.2.3'],
    });
  });

  it('name the attempted username of a failed sign-in', () => {
    const event = userAuthentication({ kind: 'login', time, sourceId: 'gw', outcome: 4, requestor: { userId: 'mallory', address: '203.0.113.9' } });
    expect(searchFieldsOf(event)).toMatchObject({
      userId: 'mallory',
      clientAddress: '203.0.113.9',
      outcome: 4,
      eventCode: '110114',
      patientIds: [],
      studyUids: [],
    });
  });
});
