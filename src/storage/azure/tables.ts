import { createHash } from 'node:crypto';
import type { TokenCredential } from '@azure/identity';
import { RestError } from '@azure/core-rest-pipeline';
import { TableClient, type TableEntityResult } from '@azure/data-tables';

/** Where the shared store lives: Azurite or a storage account's connection string, or a table endpoint with Entra sign-in. */
export type TableAccount =
  | { connectionString: string; tablePrefix: string }
  | { accountUrl: string; credential: TokenCredential; tablePrefix: string };

/** Opens (creating when missing) the table `<prefix><name>`. */
export async function openTable(account: TableAccount, name: string): Promise<TableClient> {
  const table = `${account.tablePrefix}${name}`;
  const client =
    'connectionString' in account
      ? TableClient.fromConnectionString(account.connectionString, table, { allowInsecureConnection: isLocal(account.connectionString) })
      : new TableClient(`${account.accountUrl.replace(/\/+$/, '')}`, table, account.credential);
  await client.createTable();
  return client;
}

/** Azurite speaks plain HTTP on the loopback interface; every real endpoint is HTTPS. */
function isLocal(connectionString: string): boolean {
  return /Endpoint=http:\/\/(127\.0\.0\.1|localhost)[:/]/i.test(connectionString);
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof RestError ? error.statusCode : (error as { statusCode?: number } | null)?.statusCode;
}

/**
 * A string property holds at most 64 KiB (32K UTF-16 code units) and an entity at most 1 MiB, so a JSON document is
 * split over `d0`, `d1`, … of 30,000 characters; 15 parts keep the entity under the limit.
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model)
 */
const partLength = 30_000;
const maxParts = 15;

export class DocumentTooLargeError extends Error {
  constructor(readonly key: string, characters: number) {
    super(`The record "${key}" is ${characters} characters of JSON; Azure Table storage keeps at most ${partLength * maxParts}.`);
    this.name = 'DocumentTooLargeError';
  }
}

/**
 * The JSON is kept ASCII (`\uXXXX` escapes, still valid JSON): Azurite decodes request bodies chunk by chunk and
 * garbles a multi-byte character that straddles two chunks, and ASCII also makes characters equal bytes for the limits.
 */
export function documentProperties(key: string, value: unknown): Record<string, string> {
  const json = JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (json.length > partLength * maxParts) throw new DocumentTooLargeError(key, json.length);
  const properties: Record<string, string> = {};
  for (let part = 0; part * partLength < json.length || part === 0; part += 1) {
    properties[`d${part}`] = json.slice(part * partLength, (part + 1) * partLength);
  }
  return properties;
}

export function documentOf<T>(entity: TableEntityResult<Record<string, unknown>>): T {
  let json = '';
  for (let part = 0; typeof entity[`d${part}`] === 'string'; part += 1) json += entity[`d${part}`] as string;
  return JSON.parse(json) as T;
}

/**
 * Row keys may not contain `/`, `\`, `#`, `?` or control characters. Percent-encoding maps each character on its
 * own, so the encoding of a prefix is a prefix of the encoding: prefix listings stay range queries.
 */
export function rowKeyOf(key: string): string {
  return encodeURIComponent(key).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function keyOfRow(rowKey: string): string {
  return decodeURIComponent(rowKey);
}

/** The OData range that selects every row key starting with `prefix`. */
export function prefixFilter(partitionKey: string, prefix: string): string {
  const low = rowKeyOf(prefix);
  const base = `PartitionKey eq '${escape(partitionKey)}'`;
  return low === '' ? base : `${base} and RowKey ge '${escape(low)}' and RowKey lt '${escape(low)}\uffff'`;
}

export function escape(value: string): string {
  return value.replace(/'/g, "''");
}

/**
 * One of 256 partitions for a key, by a hash of it: an archive spread this way keeps every partition small (Azurite
 * looks a row up by scanning its partition) and still loads in entity group transactions, which stay in one partition.
 */
export function bucketOf(key: string): string {
  return createHash('sha1').update(key).digest('hex').slice(0, 2);
}
