import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server, type TlsOptions } from 'node:tls';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { frameMllp, sendMllp, unframeMllp } from './mllp.ts';
import { configuredTargets } from './register.ts';

/** A CA, a receiver certificate for 127.0.0.1, one for another name, and a client certificate, made with openssl. */
function makeCertificates(dir: string) {
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) => ssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
  key('ca');
  ssl('req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=Readroom test CA', '-days', '2', '-out', 'ca.pem');
  const issue = (name: string, subject: string, san: string | undefined) => {
    key(name);
    ssl('req', '-new', '-key', `${name}.key`, '-subj', subject, '-out', `${name}.csr`);
    const extra: string[] = [];
    if (san) {
      writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
      extra.push('-extfile', `${name}.ext`);
    }
    ssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.pem`, ...extra);
  };
  issue('receiver', '/CN=127.0.0.1', 'IP:127.0.0.1');
  issue('elsewhere', '/CN=ris.elsewhere.example', 'DNS:ris.elsewhere.example');
  issue('client', '/CN=readroom-gateway', undefined);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    ca: read('ca.pem'),
    receiver: { cert: read('receiver.pem'), key: read('receiver.key') },
    elsewhere: { cert: read('elsewhere.pem'), key: read('elsewhere.key') },
    client: { cert: read('client.pem'), key: read('client.key') },
  };
}

describe('sendMllp over TLS', () => {
  let dir: string;
  let certs: ReturnType<typeof makeCertificates>;
  let server: Server | undefined;
  let clientSubject: string | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'readroom-mllp-tls-'));
    certs = makeCertificates(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    clientSubject = undefined;
  });

  /** An MLLP receiver over TLS that acknowledges every message. */
  async function receiver(options: TlsOptions): Promise<number> {
    server = createServer(options, (socket) => {
      const name = socket.getPeerCertificate()?.subject?.CN;
      clientSubject = Array.isArray(name) ? name.join(',') : name;
      socket.on('data', (data) => {
        if (unframeMllp(data).messages.length > 0) socket.write(frameMllp('MSH|^~\\&\rMSA|AA|X\r'));
      });
      socket.on('error', () => undefined);
    });
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }
  const timeouts = { connectTimeoutMs: 5000, answerTimeoutMs: 5000 };

  it('sends over TLS to a receiver whose certificate chains to the configured CA', async () => {
    const port = await receiver(certs.receiver);
    const answer = await sendMllp({ host: '127.0.0.1', port, tls: { ca: certs.ca } }, 'MSH|x\r', timeouts);
    expect(answer).toContain('MSA|AA|X');
  });

  it('refuses a receiver whose certificate is not trusted, or is for another name', async () => {
    const port = await receiver(certs.receiver);
    await expect(sendMllp({ host: '127.0.0.1', port, tls: {} }, 'M', timeouts)).rejects.toThrow(/certificate is not trusted/);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    const other = await receiver(certs.elsewhere);
    await expect(sendMllp({ host: '127.0.0.1', port: other, tls: { ca: certs.ca } }, 'M', timeouts)).rejects.toThrow(/not valid for its host name/);
  });

  it('presents the client certificate to a receiver that requires one (mutual TLS)', async () => {
    const port = await receiver({ ...certs.receiver, ca: certs.ca, requestCert: true, rejectUnauthorized: true });
    const answer = await sendMllp({ host: '127.0.0.1', port, tls: { ca: certs.ca, ...certs.client } }, 'MSH|x\r', timeouts);
    expect(answer).toContain('MSA|AA');
    expect(clientSubject).toBe('readroom-gateway');
    await expect(sendMllp({ host: '127.0.0.1', port, tls: { ca: certs.ca } }, 'M', timeouts)).rejects.toThrow();
  });

  it('stops the gateway at start when a TLS file cannot be read, naming it', () => {
    const config = {
      archiveSr: false,
      hl7: { host: '127.0.0.1', port: 2576, tls: { caFile: join(dir, 'no-such-ca.pem') } },
      hl7SendingFacility: 'READROOM',
      hl7ReceivingApplication: '',
      hl7ReceivingFacility: '',
      organization: 'Readroom',
      maxAttempts: 3,
      retryBaseMs: 1000,
      retryCapMs: 2000,
      timeoutMs: 1000,
    };
    expect(() => configuredTargets({ config, sources: [], agent: undefined as never })).toThrow(/CA file .*no-such-ca\.pem cannot be read \(ENOENT\)/);
    const readable = { ...config, hl7: { ...config.hl7, tls: { caFile: join(dir, 'ca.pem') } } };
    expect(configuredTargets({ config: readable, sources: [], agent: undefined as never }).hl7?.receiver).toBe('hl7:127.0.0.1:2576');
  });
});
