// Says that remote content is blocked and lets the user load it for this message, or always for
// this sender. Loads nothing by itself; what loading means is images only (main fetches them).
interface RemoteContentBarProps {
  sender: string | null;
  onLoadOnce(): void;
  onAlwaysForSender(): void;
}

export function RemoteContentBar({ sender, onLoadOnce, onAlwaysForSender }: RemoteContentBarProps) {
  return (
    <div className="remote-content-bar">
      <p>
        Remote content is blocked to protect your privacy. Loading it shows the remote images;
        remote style sheets, fonts and media stay blocked.
      </p>
      <button type="button" onClick={onLoadOnce}>
        Load remote content
      </button>
      {sender ? (
        <button type="button" onClick={onAlwaysForSender}>
          Always load from {sender}
        </button>
      ) : null}
    </div>
  );
}
