// Hands the one typed API to every component. Components never pick a transport themselves.
import { createContext, useContext, type ReactNode } from 'react';
import type { PoplineApi } from '../api';

const ApiContext = createContext<PoplineApi | null>(null);

export function ApiProvider({ api, children }: { api: PoplineApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function useApi(): PoplineApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiProvider> above it');
  return api;
}
