// The built renderer's files, served to the browser bridge and to the app's own app:// protocol.
export { rendererIndex, resolveStaticPath, securityHeaders, serveStatic } from './static-files';
