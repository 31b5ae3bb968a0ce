import { describe, expect, it } from 'vitest';
import { remoteImageErrors, type RemoteImage } from '../../shared/model/remote-image';
import { remoteImageProblems } from './remote-image-words';

describe('why remote images were not loaded', () => {
  it('says per reason how many, most frequent first, and names a private address plainly', () => {
    const images: RemoteImage[] = [
      { url: 'http://127.0.0.1/a.png', error: 'private-address' },
      { url: 'http://a.test/ok.png', dataUrl: 'data:image/png;base64,AA==' },
      { url: 'http://192.168.1.1/b.png', error: 'private-address' },
      { url: 'http://slow.test/c.png', error: 'timeout' },
    ];
    expect(remoteImageProblems(images)).toEqual([
      '2 remote images not loaded: their addresses are on this computer or a local network, which mail may not reach.',
      '1 remote image not loaded: its server took too long.',
    ]);
  });

  it('has words for every reason main can give, and none when all loaded', () => {
    for (const error of remoteImageErrors)
      expect(remoteImageProblems([{ url: 'u', error }])[0]).toMatch(
        /^1 remote image not loaded: \S.*\.$/,
      );
    expect(remoteImageProblems([{ url: 'u', dataUrl: 'data:image/png;base64,AA==' }])).toEqual([]);
  });
});
