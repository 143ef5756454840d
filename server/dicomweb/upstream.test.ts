import { describe, expect, it } from 'vitest';
import { describeUpstreamFailure } from './upstream.ts';
import { testConfig } from '../test-helpers.ts';

const config = testConfig({
  timeouts: { connectMs: 5000, responseMs: 30000 },
  sources: [{ id: 'main', label: 'Hospital PACS', upstream: { root: 'http://gw:secret-pw@pacs.internal:8042/dicom-web' } }],
});
const source = config.sources[0];
const failure = (code: string, nested = false) =>
  describeUpstreamFailure(
    nested ? Object.assign(new TypeError('fetch failed'), { cause: { code } }) : Object.assign(new Error('x'), { code }),
    source,
    config.timeouts,
  );

describe('describeUpstreamFailure', () => {
  it('turns a missing response within the response timeout into 504 archive_timeout', () => {
    const result = failure('UND_ERR_HEADERS_TIMEOUT');
    expect(result.status).toBe(504);
    expect(result.body.error).toBe('archive_timeout');
    expect(result.body.message).toBe('The image archive "Hospital PACS" did not answer within 30 s. It may be overloaded; try again in a moment.');
  });

  it('turns connection failures into 502 archive_unreachable with a reason', () => {
    expect(failure('UND_ERR_CONNECT_TIMEOUT').body.message).toContain('no connection could be made within 5 s');
    expect(failure('ECONNREFUSED').body.message).toContain('refused the connection');
    expect(failure('ENOTFOUND', true).body.message).toContain('host name could not be resolved');
    expect(failure('ECONNRESET').body.message).toContain('the connection failed');
    for (const code of ['UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'UND_ERR_SOCKET']) {
      const result = failure(code);
      expect(result.status).toBe(502);
      expect(result.body.error).toBe('archive_unreachable');
      expect(result.body.message).toMatch(/^The image archive is not reachable\. The gateway could not contact "Hospital PACS"/);
      expect(result.body.message).not.toMatch(/secret-pw|pacs\.internal|8042/);
      expect(result.cause).toBe(code);
    }
  });
});
