// Messages dragged from the list onto a folder travel as their ids under a type of our own, so
// nothing else dropped on a folder (files, text) is mistaken for them.
export const DRAG_TYPE = 'application/x-popline-message-ids';

export function setDraggedIds(data: DataTransfer, ids: readonly number[]): void {
  data.setData(DRAG_TYPE, JSON.stringify(ids));
  data.effectAllowed = 'move';
}

export function draggedIds(data: DataTransfer): number[] {
  try {
    const parsed: unknown = JSON.parse(data.getData(DRAG_TYPE) || '[]');
    return Array.isArray(parsed)
      ? parsed.filter((id): id is number => Number.isInteger(id) && id > 0)
      : [];
  } catch {
    return [];
  }
}
