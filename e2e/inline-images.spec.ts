// An HTML mail with inline (cid:) images: the PNG it carries shows in the frame without opening any
// remote door, while an unknown cid:, an SVG part and a remote image stay blocked.
import { expect, test, USERS } from './support/popline';
import { startImageServer, type ImageServer } from './support/image-server';
import { addAccount, getMail, openMessage } from './support/steps';
import { pngImage, relatedMail } from './support/test-mail';

let images: ImageServer;
test.beforeAll(async () => {
  images = await startImageServer();
});
test.afterAll(async () => {
  await images.close();
});

test('inline images carried in the message show; remote, unknown and SVG ones do not', async ({
  app,
  dovecot,
}) => {
  const mail = relatedMail({
    subject: 'Ward figures with a chart',
    minute: 9,
    html: [
      '<html><body><p>The chart:</p>',
      '<img alt="inline chart" src="cid:chart.1@example.test">',
      '<img alt="missing part" src="cid:nowhere@example.test">',
      '<img alt="vector drawing" src="cid:drawing@example.test">',
      `<img alt="remote logo" src="${images.origin}/logo.png?from=inline-mail" width="10" height="10">`,
      '</body></html>',
    ].join('\n'),
    parts: [
      {
        contentId: 'chart.1@example.test',
        mimeType: 'image/png',
        content: pngImage(6, 4, [200, 30, 30]),
      },
      {
        contentId: 'drawing@example.test',
        mimeType: 'image/svg+xml',
        content: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>',
        ),
      },
    ],
  });
  dovecot.deliver(USERS.alice.user, [mail.raw]);
  await addAccount(app, dovecot, { ...USERS.alice, retention: 'delete' });
  await getMail(app);

  const region = await openMessage(app, mail.sender, mail.subject);
  const frame = region.frameLocator('iframe[title="Message body"]');
  const naturalWidth = (name: string) =>
    frame.getByRole('img', { name }).evaluate((img: HTMLImageElement) => img.naturalWidth);

  await expect(frame.getByText('The chart:')).toBeVisible();
  await expect.poll(() => naturalWidth('inline chart')).toBe(6);
  await expect(frame.getByRole('img', { name: 'inline chart' })).toHaveAttribute(
    'src',
    /^data:image\/png;base64,/,
  );
  // Nothing to load for a cid: the message does not carry, nor for an SVG part.
  for (const name of ['missing part', 'vector drawing']) {
    await expect(frame.getByRole('img', { name })).not.toHaveAttribute('src', /.*/);
    expect(await naturalWidth(name)).toBe(0);
  }
  // The inline image opened no remote door: the remote one is still blocked and was never asked for.
  await expect(region.getByText('Remote content is blocked')).toBeVisible();
  expect(await naturalWidth('remote logo')).toBe(0);
  expect(images.requests).toEqual([]);
});
