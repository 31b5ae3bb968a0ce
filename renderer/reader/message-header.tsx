// The reader's header: subject, from, to, cc and date, as a description list.
import type { MessageDetail } from '../../shared/model/message';
import { formatAddress, formatAddressList, formatFullDate } from '../ui/format';

export function MessageHeader({ detail }: { detail: MessageDetail }) {
  return (
    <div className="message-header">
      <h2 className="message-subject">{detail.subject || '(no subject)'}</h2>
      <dl className="message-fields">
        <dt>From</dt>
        <dd>{formatAddress(detail.from) || '(no sender)'}</dd>
        <dt>To</dt>
        <dd>{formatAddressList(detail.to) || '(no recipient)'}</dd>
        {detail.cc.length ? (
          <>
            <dt>Cc</dt>
            <dd>{formatAddressList(detail.cc)}</dd>
          </>
        ) : null}
        <dt>Date</dt>
        <dd>{formatFullDate(detail.date)}</dd>
      </dl>
    </div>
  );
}
