// Remote images of a mail that main fetches when the user asks ("Load remote content"), so that
// the renderer itself never contacts a remote origin. Never admits a URL that is not http(s).

/** URLs asked for in one call; a mail referring to more shows the rest blocked. */
export const REMOTE_IMAGE_MAX_URLS = 200;
/** Longer URLs are not fetched (nor sent over IPC). */
export const REMOTE_IMAGE_MAX_URL_LENGTH = 2048;
/** Bytes of one remote image. */
export const REMOTE_IMAGE_MAX_BYTES = 5 * 1024 * 1024;
/** Bytes of all the images of one call: the answer travels over IPC in one piece. */
export const REMOTE_IMAGES_MAX_TOTAL_BYTES = 20 * 1024 * 1024;

/** Why one image was not fetched; the reader words each reason (renderer/reader/remote-image-words). */
export const remoteImageErrors = [
  /** Not an http(s) URL, or a redirect to one that is not. */
  'unsupported-url',
  /** The URL does not occur in the message: main fetches only what the mail itself references. */
  'not-in-message',
  /**
   * The host is, or resolves to, an address on this machine or a private network (loopback, LAN,
   * link-local, CGNAT, multicast, reserved...): never fetched, also not after a redirect.
   */
  'private-address',
  'too-many-redirects',
  /** The server answered with a status other than 200. */
  'http-status',
  /** Content-Type or the bytes themselves are not PNG, JPEG, GIF or WebP (SVG never is). */
  'not-an-image',
  'too-big',
  /** The call's total byte budget was used up by other images. */
  'total-too-big',
  'timeout',
  'network',
] as const;
export type RemoteImageError = (typeof remoteImageErrors)[number];

export type RemoteImage =
  { url: string; dataUrl: string } | { url: string; error: RemoteImageError };

/** Whether a URL may be asked for: absolute http: or https:, within the length limit. */
export function isFetchableImageUrl(url: string): boolean {
  if (url.length > REMOTE_IMAGE_MAX_URL_LENGTH) return false;
  return /^https?:\/\/[^\s/?#]/i.test(url) && !/\s/.test(url);
}
