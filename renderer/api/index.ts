// The renderer's door to main: one typed API whatever the transport.
export { connectApi } from './connect-api';
export { createPoplineApi, type PoplineApi } from './popline-api';
export type { Transport } from './transport';
export type { Result, AppError, ErrorKind } from '../../shared/result';
