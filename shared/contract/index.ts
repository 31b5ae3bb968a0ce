// The contract's public face: import from here on either side.
export * from './names';
export * from './methods';
export * from './event-payloads';
export * from './types';
