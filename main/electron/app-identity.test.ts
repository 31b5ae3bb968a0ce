import { describe, expect, it, vi } from 'vitest';
import { APP_ID, applyAppIdentity } from './app-identity';

describe('the app identity', () => {
  it("gives Windows the installer's AppUserModelID, so new-mail notifications appear", () => {
    const app = { setAppUserModelId: vi.fn() };
    applyAppIdentity(app, 'win32');
    expect(app.setAppUserModelId).toHaveBeenCalledWith(APP_ID);
  });

  it('leaves Linux and macOS alone (they identify the app by its desktop file or bundle)', () => {
    const app = { setAppUserModelId: vi.fn() };
    applyAppIdentity(app, 'linux');
    applyAppIdentity(app, 'darwin');
    expect(app.setAppUserModelId).not.toHaveBeenCalled();
  });
});
