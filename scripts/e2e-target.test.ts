import { describe, expect, it } from 'vitest';
import { e2eTarget, installedElectron } from './e2e-target';

describe('where the e2e specs run', () => {
  it('keeps the bridge by default, with or without an Electron binary', () => {
    expect(e2eTarget({}, null)).toEqual({ kind: 'bridge' });
    expect(e2eTarget({}, '/opt/electron')).toEqual({ kind: 'bridge' });
    expect(e2eTarget({ POPLINE_E2E_ELECTRON: '0' }, '/opt/electron')).toEqual({ kind: 'bridge' });
  });

  it('switches to Electron when asked and the binary is there; auto only when it is', () => {
    expect(e2eTarget({ POPLINE_E2E_ELECTRON: '1' }, '/opt/electron')).toEqual({
      kind: 'electron',
      executablePath: '/opt/electron',
    });
    expect(e2eTarget({ POPLINE_E2E_ELECTRON: 'auto' }, '/opt/electron')).toMatchObject({
      kind: 'electron',
    });
    expect(e2eTarget({ POPLINE_E2E_ELECTRON: 'auto' }, null)).toEqual({ kind: 'bridge' });
  });

  it('says what to do when Electron is asked for but missing, or the switch is misspelt', () => {
    expect(() => e2eTarget({ POPLINE_E2E_ELECTRON: '1' }, null)).toThrow(/run npm start once/);
    expect(() => e2eTarget({ POPLINE_E2E_ELECTRON: 'yes' }, null)).toThrow(/0, 1 or auto/);
  });

  it('finds no binary where the download was skipped, and never starts one', () => {
    expect(installedElectron(() => false)).toBeNull();
    expect(installedElectron(() => true, '/nonexistent/electron')).toBeNull();
  });
});
