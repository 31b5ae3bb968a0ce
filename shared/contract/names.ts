// The names of every contract method and event, free of any schema library so that the
// sandboxed preload can bind them without bundling zod. The declaration must match these exactly.

export const methodNames = [
  'app.info',
  'accounts.list',
  'accounts.add',
  'accounts.update',
  'accounts.remove',
  'accounts.testConnection',
  'accounts.discover',
  'sync.now',
  'sync.status',
  'messages.list',
  'messages.detail',
  'messages.raw',
  'messages.markRead',
  'messages.deleteLocally',
  'messages.deleteFromServer',
  'messages.fetchFull',
  'messages.remoteImages',
  'messages.saveAttachment',
  'messages.move',
  'messages.moveToTrash',
  'messages.undoMove',
  'messages.deleteForever',
  'messages.setStarred',
  'messages.saveAs',
  'folders.list',
  'folders.create',
  'folders.rename',
  'folders.remove',
  'folders.emptyTrash',
  'folders.exportMbox',
  'folders.importFile',
  'log.sessions',
  'log.lines',
  'log.export',
  'settings.get',
  'settings.set',
  'identities.list',
  'identities.save',
  'identities.test',
  'compose.template',
  'compose.send',
  'compose.saveDraft',
  'compose.completeAddress',
  'compose.openDraft',
  'outbox.list',
  'outbox.retry',
  'outbox.resolve',
] as const;
export type MethodName = (typeof methodNames)[number];

export const eventNames = [
  'sync.progress',
  'log.appended',
  'mail.stored',
  'mail.new',
  'account.status',
] as const;
export type EventName = (typeof eventNames)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (methodNames as readonly string[]).includes(name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (eventNames as readonly string[]).includes(name);
}

/** The Electron IPC channel of a method or event; a prefix keeps them apart from Electron's own. */
export const methodChannel = (name: MethodName): string => `popline:call:${name}`;
export const eventChannel = (name: EventName): string => `popline:event:${name}`;
