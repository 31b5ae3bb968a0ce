// Remote images a user chose to load: which URLs a mail names, and fetching them safely.
export { fetchRemoteImages, MAX_REDIRECTS, NEUTRAL_USER_AGENT } from './fetch-remote-images';
export type { FetchRemoteImagesOptions, ResolveHost, ResolvedAddress } from './fetch-remote-images';
export { urlsInHtml } from './urls-in-html';
