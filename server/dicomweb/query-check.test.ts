import { describe, expect, it } from 'vitest';
import { refuseQuery } from './query-check.ts';

describe('refuseQuery', () => {
  it('lets QIDO queries through, literal wildcards and encoded values included', () => {
    for (const query of [
      '',
      'PatientName=Doe^J*&PatientID=A?B&StudyDate=20200101-',
      'StudyDescription=CT%20HEAD+NECK&x=%5E%2A&includefield=00081030&limit=25&offset=0',
      'frame=1.2.3:1&frame=1.2.3:2',
      'viewport=128,128&quality=80',
      'method=DELETE',
      'PatientName=_method',
      '%zz=1',
    ]) {
      expect(refuseQuery(query), query).toBeUndefined();
    }
  });

  it("refuses Orthanc's _method parameter however it is spelled or encoded", () => {
    for (const query of [
      '_method=DELETE',
      '_METHOD=delete',
      '_Method=PUT',
      'x=1&_method=DELETE',
      'x=1;_method=DELETE',
      '%5Fmethod=DELETE',
      '%5fMETHOD=DELETE',
      '_%6D%65thod=DELETE',
      '%255Fmethod=DELETE',
      '_method',
      '_method=',
      '+_method=DELETE',
      '_method%20=DELETE',
      '_method%00=DELETE',
      '_method%3DDELETE',
      'PatientName=x&&_method=DELETE',
    ]) {
      expect(refuseQuery(query), query).toEqual({ error: 'method_override', message: expect.stringContaining('_method') });
    }
  });

  it("refuses limit and offset values that are not whole numbers, whatever the key's case", () => {
    for (const query of [
      'limit=-1',
      'offset=-1',
      'limit=1.5',
      'limit=',
      'limit',
      'Limit=x',
      'OFFSET=%2D1',
      'limit=1&limit=-1',
      'limit=1234567890',
      'limit=+1',
      'limit= 1',
    ]) {
      expect(refuseQuery(query), query).toEqual({ error: 'bad_query', message: 'limit and offset must be whole numbers (0 or more).' });
    }
    for (const query of ['limit=0', 'limit=100&offset=999999999', 'PatientName=limit', 'limitx=-1']) expect(refuseQuery(query), query).toBeUndefined();
  });
});
