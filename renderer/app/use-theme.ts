// Applies the theme setting to the page: 'system' follows the OS (prefers-color-scheme), 'light'
// and 'dark' pin it. The stylesheet's colours switch on the root's color-scheme (light-dark()).
import { useEffect } from 'react';
import type { Settings } from '../../shared/model/settings';

export function useTheme(theme: Settings['theme']): void {
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
