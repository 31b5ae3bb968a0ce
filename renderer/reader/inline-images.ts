// Resolves a message's cid: references to the inline images main sent with its detail.
// Never lets through anything but a base64 raster data: URL: an unknown cid, or an image that is
// not one, resolves to nothing and the reference stays blocked.
import {
  contentIdKey,
  isCidUrl,
  isSafeInlineImageUrl,
  type InlineImage,
} from '../../shared/model/inline-image';

export type InlineImageMap = ReadonlyMap<string, string>;

/** Content-ID key -> data: URL, keeping only URLs of the allowed raster types. */
export function inlineImageMap(images: readonly InlineImage[]): InlineImageMap {
  const map = new Map<string, string>();
  for (const image of images) {
    const key = contentIdKey(image.contentId);
    if (key && isSafeInlineImageUrl(image.dataUrl) && !map.has(key)) map.set(key, image.dataUrl);
  }
  return map;
}

/**
 * What a URL in mail HTML becomes: a cid: URL its data: image (or null: blocked); anything else
 * is left to the other rules (undefined).
 */
export function resolveCidUrl(url: string, images: InlineImageMap): string | null | undefined {
  if (!isCidUrl(url)) return undefined;
  return images.get(contentIdKey(url)) ?? null;
}

/** CSS with each url(cid:…) turned into its data: image, or into `none` when there is none. */
export function rewriteCssCids(css: string, images: InlineImageMap): string {
  return css.replace(
    /url\(\s*(['"]?)\s*(cid:[^'")]*?)\s*\1\s*\)/gi,
    (_match, _quote, url: string) => {
      const resolved = resolveCidUrl(url, images);
      return resolved ? `url("${resolved}")` : 'none';
    },
  );
}
