// The folders with their counts, read again whenever the store changed.
import { useEffect, useState } from 'react';
import type { Folder } from '../../shared/model/folder';
import { useApi } from '../app/api-context';

export function useFolders(version: number): readonly Folder[] {
  const api = useApi();
  const [folders, setFolders] = useState<readonly Folder[]>([]);
  useEffect(() => {
    let live = true;
    void api.folders.list().then((result) => {
      if (live && result.ok) setFolders(result.value);
    });
    return () => {
      live = false;
    };
  }, [api, version]);
  return folders;
}
