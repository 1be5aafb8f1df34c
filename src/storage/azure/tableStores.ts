import type { StorageSettings } from '../../config.js';
import { createAzureCredential } from '../../azure/rest/credentials.js';
import { StorageCostDigestRepository } from '../costDigestStore.js';
import type { AppStores } from '../stores.js';
import { TableAuditLog } from './tableAuditLog.js';
import { TableSeatRequestRepository } from './tableSeatRequests.js';
import { TableStorage } from './tableStorage.js';
import { openTable, statusOf, type TableAccount } from './tables.js';

/** /readyz answers within this, whatever the storage service does. */
const readyTimeoutMs = 2_000;

/**
 * Every store in Azure Table storage, one table each, so any number of instances share them. There is no folder
 * lock: every change is a compare-and-set the service decides. Each write is acknowledged by the service before it
 * resolves, so `close` has nothing to flush.
 */
export async function createTableStores(settings: Extract<StorageSettings, { kind: 'azure' }>, backend: 'sandbox' | 'azure'): Promise<AppStores> {
  const account: TableAccount =
    'connectionString' in settings
      ? { connectionString: settings.connectionString, tablePrefix: settings.tablePrefix }
      : {
          accountUrl: settings.tableUrl,
          tablePrefix: settings.tablePrefix,
          credential: createAzureCredential({ ...settings.credential, useOnBehalfOf: false }).credentialFor({ aadObjectId: 'bot', tenantId: '' }),
        };
  const [botState, references, seatRequests, settingsTable, changes, audit, digests, sandbox] = await Promise.all([
    openTable(account, 'botstate'),
    openTable(account, 'references'),
    TableSeatRequestRepository.openIn(account, 'seatrequests'),
    openTable(account, 'settings'),
    openTable(account, 'billingchanges'),
    openTable(account, 'audit'),
    openTable(account, 'costdigests'),
    backend === 'sandbox' ? openTable(account, 'sandboxtenant') : undefined,
  ]);
  return {
    botState: new TableStorage(botState),
    conversationReferences: new TableStorage(references),
    seatRequests,
    costDigests: new StorageCostDigestRepository(new TableStorage(digests)),
    settings: new TableStorage(settingsTable),
    sandboxTenant: sandbox ? new TableStorage(sandbox) : undefined,
    billingChanges: new TableStorage(changes),
    audit: new TableAuditLog(audit),
    async ready() {
      try {
        await botState.getEntity('ready', 'probe', { abortSignal: AbortSignal.timeout(readyTimeoutMs) });
        return true;
      } catch (error) {
        return statusOf(error) === 404;
      }
    },
    async close() {},
  };
}
