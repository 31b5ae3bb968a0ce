// Finds a mail's remote image URLs and swaps them for the data: URLs main fetched on request, so
// the app never loads anything from a remote origin itself. Never puts in anything but a base64
// raster data: URL; a reference without one stays as written, and the frame's CSP blocks it.
import { isSafeInlineImageUrl } from '../../shared/model/inline-image';
import { isFetchableImageUrl, type RemoteImage } from '../../shared/model/remote-image';

/** Absolute remote URL (as fetchableUrl gives it) -> data: URL. */
export type RemoteImageMap = ReadonlyMap<string, string>;

/** The http(s) URL main should fetch for a reference in mail (`//host/x` taken as https), or null. */
export function fetchableUrl(reference: string): string | null {
  const trimmed = reference.trim();
  if (!/^(?:https?:)?\/\//i.test(trimmed)) return null;
  try {
    const href = new URL(trimmed, 'https://protocol-relative.invalid/').href;
    return isFetchableImageUrl(href) ? href : null;
  } catch {
    return null;
  }
}

/** The images main answered with, keeping only safe raster data: URLs. */
export function remoteImageMap(images: readonly RemoteImage[]): RemoteImageMap {
  const map = new Map<string, string>();
  for (const image of images)
    if ('dataUrl' in image && isSafeInlineImageUrl(image.dataUrl))
      map.set(image.url, image.dataUrl);
  return map;
}

/**
 * A srcset with each fetched candidate swapped for its data: URL. Once images have been fetched
 * (the map is not empty), candidates still remote are dropped so the browser cannot pick one the
 * frame blocks; null when none is left (the attribute goes, and src serves).
 */
export function rewriteSrcset(
  srcset: string,
  images: RemoteImageMap,
  found: (url: string) => void,
): string | null {
  const candidates: string[] = [];
  for (const candidate of srcset.split(',')) {
    const [reference = '', ...descriptor] = candidate.trim().split(/\s+/);
    const url = fetchableUrl(reference);
    if (url === null) {
      if (reference) candidates.push(candidate.trim());
      continue;
    }
    found(url);
    const data = images.get(url);
    if (data) candidates.push([data, ...descriptor].join(' '));
    else if (images.size === 0) candidates.push(candidate.trim());
  }
  return candidates.length > 0 ? candidates.join(', ') : null;
}

/** Style sheets and fonts: remote ones stay blocked, so they are neither fetched nor rewritten. */
const NOT_IMAGES = String.raw`@import[^;]*;?|@font-face\s*\{[^}]*\}`;
const CSS_URL = String.raw`url\(\s*(['"]?)\s*([^'")]*?)\s*\2\s*\)`;

/**
 * CSS with each url(http…) image main fetched turned into its data: image; reports every remote
 * image reference (not those of @import or @font-face).
 */
export function rewriteCssRemoteImages(
  css: string,
  images: RemoteImageMap,
  found: (url: string) => void,
): string {
  const pattern = new RegExp(`(${NOT_IMAGES})|${CSS_URL}`, 'gi');
  return css.replace(pattern, (match, skipped?: string, _quote?: string, ref?: string) => {
    if (skipped !== undefined || ref === undefined) return match;
    const url = fetchableUrl(ref);
    if (url === null) return match;
    found(url);
    const data = images.get(url);
    return data ? `url("${data}")` : match;
  });
}
