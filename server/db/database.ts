import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.ts';

/**
 * The gateway's database: PostgreSQL, either embedded (PGlite, a WASM build of PostgreSQL keeping its
 * files in a folder, no server needed) or a real server named by DATABASE_URL. Both speak the same SQL,
 * so the migrations and every query run unchanged on either.
 */

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'embedded' | 'postgres';
  /** Runs `work` in one transaction (committed when it resolves, rolled back when it throws). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseLocation = { kind: 'embedded'; dir: string | 'memory' } | { kind: 'postgres'; url: string };

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  return location.kind === 'embedded' ? openEmbedded(location.dir) : openPostgres(location.url);
}

async function openEmbedded(dir: string | 'memory'): Promise<Database> {
  if (dir === 'memory') return openDatabaseFrom(await PGlite.create());
  mkdirSync(dir, { recursive: true });
  const unlock = lockDataDir(`${dir}.lock`, `The embedded database ${dir}`);
  let database: Database;
  try {
    database = openDatabaseFrom(await PGlite.create(dir));
  } catch (error) {
    unlock();
    throw error;
  }
  return {
    ...database,
    async close() {
      await database.close();
      unlock();
    },
  };
}

/** Wraps an open PGlite instance (tests start one from a migrated template). */
export function openDatabaseFrom(db: PGlite): Database {
  const query = async <Row>(sql: string, params: readonly unknown[] = []) => (await db.query<Row>(sql, [...params])).rows;
  return {
    kind: 'embedded',
    query,
    async transaction(work) {
      return db.transaction((tx) => work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => (await tx.query<Row>(sql, [...params])).rows }));
    },
    async exec(sql) {
      await db.exec(sql);
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client that loses its server must not crash the gateway; the next query reports the failure.
  pool.on('error', () => undefined);
  const query = async <Row>(sql: string, params: readonly unknown[] = []) => (await pool.query(sql, [...params])).rows as Row[];
  return {
    kind: 'postgres',
    query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: async <Row>(sql: string, params: readonly unknown[] = []) => (await client.query(sql, [...params])).rows as Row[] });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async close() {
      if (!pool.ended) await pool.end();
    },
  };
}
