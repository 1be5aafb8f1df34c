import type { Storage } from 'botbuilder';

/** Where each organization's approval cards are posted: a team channel or group chat chosen in chat by a PCA. */
export class ApprovalChannels {
  constructor(private readonly storage: Storage) {}

  async get(organizationId: string): Promise<string | undefined> {
    const key = keyOf(organizationId);
    return ((await this.storage.read([key]))[key] as { conversationId?: string } | undefined)?.conversationId;
  }

  async set(organizationId: string, conversationId: string, setBy: string, at: string): Promise<void> {
    await this.storage.write({ [keyOf(organizationId)]: { conversationId, setBy, at, eTag: '*' } });
  }
}

function keyOf(organizationId: string): string {
  return `approval-channels/${organizationId.toLowerCase()}`;
}
