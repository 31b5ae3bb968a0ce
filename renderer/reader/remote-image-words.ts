// Says why remote images were not loaded, one line per reason, in the user's terms. Main answers a
// reason code per image (shared/model/remote-image); the words live here.
import {
  REMOTE_IMAGE_MAX_BYTES,
  REMOTE_IMAGES_MAX_TOTAL_BYTES,
  type RemoteImage,
  type RemoteImageError,
} from '../../shared/model/remote-image';

const MB = 1024 * 1024;

/** Why, for one image and for several. */
const WHY: Record<RemoteImageError, readonly [string, string]> = {
  'private-address': [
    'its address is on this computer or a local network, which mail may not reach',
    'their addresses are on this computer or a local network, which mail may not reach',
  ],
  'unsupported-url': [
    'its address is not a web (http or https) address',
    'their addresses are not web (http or https) addresses',
  ],
  'not-in-message': ['it is not part of this message', 'they are not part of this message'],
  'too-many-redirects': [
    'its server redirected too many times',
    'their servers redirected too many times',
  ],
  'http-status': ['its server answered with an error', 'their servers answered with an error'],
  'not-an-image': [
    'it is not a PNG, JPEG, GIF or WebP image',
    'they are not PNG, JPEG, GIF or WebP images',
  ],
  'too-big': [
    `it is larger than ${REMOTE_IMAGE_MAX_BYTES / MB} MB`,
    `each is larger than ${REMOTE_IMAGE_MAX_BYTES / MB} MB`,
  ],
  'total-too-big': [
    `the message's images together exceed ${REMOTE_IMAGES_MAX_TOTAL_BYTES / MB} MB`,
    `the message's images together exceed ${REMOTE_IMAGES_MAX_TOTAL_BYTES / MB} MB`,
  ],
  timeout: ['its server took too long', 'their servers took too long'],
  network: ['its server could not be reached', 'their servers could not be reached'],
};

/** One sentence per reason, most frequent first, e.g. "2 remote images not loaded: …". */
export function remoteImageProblems(images: readonly RemoteImage[]): string[] {
  const counts = new Map<RemoteImageError, number>();
  for (const image of images)
    if ('error' in image) counts.set(image.error, (counts.get(image.error) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) =>
      n === 1
        ? `1 remote image not loaded: ${WHY[reason][0]}.`
        : `${n} remote images not loaded: ${WHY[reason][1]}.`,
    );
}
