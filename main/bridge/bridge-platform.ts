// The browser bridge's stand-in for native dialogs: a saved attachment becomes a one-time
// download the page fetches from the bridge. Never writes to the user's disk itself.
import type { Platform } from '../services';
import type { DownloadOffers } from './download-offers';

export function bridgePlatform(downloads: DownloadOffers): Platform {
  return {
    transport: 'browser-bridge',
    async saveFile(file) {
      const url = downloads.offer({
        filename: file.suggestedName,
        mimeType: file.mimeType,
        writeTo: file.writeTo,
      });
      return { status: 'download', url, filename: file.suggestedName };
    },
  };
}
