// Makes a message's HTML safe to show: DOMPurify strips scripts, handlers, javascript: links and
// anything interactive; styles are set aside to be applied from outside (the frame runs no script
// and the app's CSP forbids inline style); cid: references become the message's own inline images
// or nothing; remote images become the data: URLs main fetched, once the user asked for them.
// Never returns markup that could run code.
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { isCidUrl } from '../../shared/model/inline-image';
import { resolveCidUrl, rewriteCssCids, type InlineImageMap } from './inline-images';
import { cssHasRemote, isRemoteUrl } from './mail-document';
import {
  fetchableUrl,
  rewriteCssRemoteImages,
  rewriteSrcset,
  type RemoteImageMap,
} from './remote-images';

export interface SanitizedMail {
  /** Markup for the frame's body. */
  body: string;
  /** The message's own style sheets, in order. */
  css: string[];
  /** The message refers to something on the network (images, style sheets, fonts). */
  hasRemote: boolean;
  /** The distinct remote image URLs (attributes and CSS url()), as main fetches them. */
  remoteImageUrls: string[];
}

/** Where each element's own style attribute waits to be applied through the CSSOM. */
export const STYLE_DATA_ATTRIBUTE = 'data-popline-style';

const URL_ATTRIBUTES = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc'];

let purifier: DOMPurify | null = null;
/** What the hooks collect during one (synchronous) sanitize call. */
let collecting: {
  css: string[];
  remote: boolean;
  images: InlineImageMap;
  remoteImages: RemoteImageMap;
  remoteImageUrls: Set<string>;
} | null = null;

/** cid: and fetched remote images of some CSS resolved, its remote image URLs noted. */
function resolveCss(css: string): string {
  if (!collecting) return css;
  const { images, remoteImages, remoteImageUrls } = collecting;
  return rewriteCssRemoteImages(rewriteCssCids(css, images), remoteImages, (url) =>
    remoteImageUrls.add(url),
  );
}

function instance(): DOMPurify {
  if (purifier) return purifier;
  const p = createDOMPurify(window);
  p.addHook('uponSanitizeElement', (node, event) => {
    if (event.tagName === 'style' && collecting) {
      const css = resolveCss(node.textContent ?? '');
      collecting.css.push(css);
      if (cssHasRemote(css)) collecting.remote = true;
    }
  });
  p.addHook('afterSanitizeAttributes', (element) => {
    if (!collecting) return;
    const { remoteImages, remoteImageUrls } = collecting;
    const noteRemote = (url: string) => remoteImageUrls.add(url);
    for (const name of URL_ATTRIBUTES) {
      const value = element.getAttribute(name);
      if (value === null) continue;
      const urls = name === 'srcset' ? value.split(',').map((s) => s.trim()) : [value];
      if (name === 'srcset') {
        const rewritten = urls.some(isCidUrl)
          ? null
          : rewriteSrcset(value, remoteImages, noteRemote);
        if (rewritten === null) element.removeAttribute(name);
        else if (rewritten !== value) element.setAttribute(name, rewritten);
      } else {
        // Set after DOMPurify's own checks: only a raster data: URL main sent can come out.
        const inline = resolveCidUrl(value, collecting.images);
        const remote = fetchableUrl(value);
        if (remote !== null) noteRemote(remote);
        const resolved = inline ?? (remote === null ? undefined : remoteImages.get(remote));
        if (resolved) element.setAttribute(name, resolved);
        else if (inline === null) element.removeAttribute(name);
      }
      if (urls.some(isRemoteUrl)) collecting.remote = true;
    }
    const found = element.getAttribute('style');
    if (found !== null) {
      const style = resolveCss(found);
      element.removeAttribute('style');
      element.setAttribute(STYLE_DATA_ATTRIBUTE, style);
      if (cssHasRemote(style)) collecting.remote = true;
    }
    if (element.tagName === 'A' && element.hasAttribute('href')) {
      // Links leave the sandbox for a new window (Electron hands it to the system browser).
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifier = p;
  return p;
}

/**
 * `images`: the message's inline images by Content-ID (see inline-images.ts); `remoteImages`: the
 * remote images main fetched, once the user allowed remote content (see remote-images.ts).
 */
export function sanitizeMail(
  html: string,
  images: InlineImageMap = new Map(),
  remoteImages: RemoteImageMap = new Map(),
): SanitizedMail {
  const p = instance();
  collecting = { css: [], remote: false, images, remoteImages, remoteImageUrls: new Set() };
  try {
    const root = p.sanitize(html, {
      WHOLE_DOCUMENT: true,
      RETURN_DOM: true,
      ALLOW_DATA_ATTR: false,
      FORBID_TAGS: [
        'style',
        'form',
        'input',
        'button',
        'select',
        'option',
        'textarea',
        'link',
        'base',
        'meta',
      ],
      FORBID_ATTR: ['action', 'formaction', 'ping'],
    });
    const body = (root as Element).querySelector('body') ?? (root as Element);
    return {
      body: body.innerHTML,
      css: collecting.css,
      hasRemote: collecting.remote,
      remoteImageUrls: [...collecting.remoteImageUrls],
    };
  } finally {
    collecting = null;
  }
}
