// How Debian's Chromium is launched for tests and benchmarks on these machines: Playwright's own
// browser download does not work here, and without these flags Chromium reaches for the network.
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
