// Shows sanitised mail HTML in a sandboxed frame: no scripts (no allow-scripts), no remote load
// (the frame's own CSP; remote images come as data: URLs main fetched). Styles go in through the
// CSSOM from outside, because the app's CSP (which the frame inherits) forbids inline style.
import { useEffect, useMemo, useRef } from 'react';
import { buildMailDocument } from './mail-document';
import { STYLE_DATA_ATTRIBUTE, type SanitizedMail } from './sanitize-mail';

const BASE_CSS = `
:root { color-scheme: light; }
body { margin: 12px 16px; font: 15px/1.5 system-ui, sans-serif; color: #1b1b1b; background: #fff;
  overflow-wrap: anywhere; }
img, video { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; }
blockquote { margin-left: 0; padding-left: 12px; border-left: 3px solid #c8c8c8; color: #444; }
a { color: #0b57d0; }
`;

/** Frame rights: same origin only so the app can style it; popups so links open outside. */
export const MAIL_FRAME_SANDBOX = 'allow-same-origin allow-popups allow-popups-to-escape-sandbox';

function applyStyles(frame: HTMLIFrameElement, css: readonly string[]): void {
  const doc = frame.contentDocument;
  const win = frame.contentWindow as (Window & typeof globalThis) | null;
  if (!doc || !win) return;
  for (const element of doc.querySelectorAll<HTMLElement>(`[${STYLE_DATA_ATTRIBUTE}]`)) {
    element.style.cssText = element.getAttribute(STYLE_DATA_ATTRIBUTE) ?? '';
    element.removeAttribute(STYLE_DATA_ATTRIBUTE);
  }
  const sheets: CSSStyleSheet[] = [];
  for (const text of [BASE_CSS, ...css]) {
    const sheet = new win.CSSStyleSheet();
    try {
      sheet.replaceSync(text);
    } catch {
      continue; // a broken style sheet in a message is its own problem, not a reason to fail
    }
    sheets.push(sheet);
  }
  doc.adoptedStyleSheets = sheets;
}

interface MailFrameProps {
  mail: SanitizedMail;
}

export function MailFrame({ mail }: MailFrameProps) {
  const ref = useRef<HTMLIFrameElement>(null);
  const srcDoc = useMemo(() => buildMailDocument(mail.body), [mail]);
  useFullHeightWhenPrinting(ref);
  return (
    <iframe
      ref={ref}
      className="mail-frame"
      title="Message body"
      sandbox={MAIL_FRAME_SANDBOX}
      referrerPolicy="no-referrer"
      srcDoc={srcDoc}
      onLoad={() => {
        if (ref.current) applyStyles(ref.current, mail.css);
      }}
    />
  );
}

/** On paper the frame is as tall as the mail, so every page of it is printed, not one screenful. */
function useFullHeightWhenPrinting(ref: { current: HTMLIFrameElement | null }): void {
  useEffect(() => {
    const print = window.matchMedia('print');
    const fit = () => {
      const frame = ref.current;
      if (!frame) return;
      const height = frame.contentDocument?.documentElement.scrollHeight;
      frame.style.height = print.matches && height ? `${height}px` : '';
    };
    print.addEventListener('change', fit);
    window.addEventListener('beforeprint', fit);
    return () => {
      print.removeEventListener('change', fit);
      window.removeEventListener('beforeprint', fit);
    };
  }, [ref]);
}
