import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMessage } from '../mime';
import { readCorpus } from '../mime/corpus-fixtures';
import { cjkIndexText, cjkQueryText } from './cjk-bigrams';
import { parsedMessage, rawMessage, storeWithAccount } from './store-test-support';

let env: ReturnType<typeof storeWithAccount>;
beforeEach(() => {
  env = storeWithAccount();
});
afterEach(() => env.cleanup());

function commit(uidl: string, over: Parameters<typeof parsedMessage>[0]): number {
  return env.store.commitMessage({
    accountId: env.accountId,
    uidl,
    raw: rawMessage(uidl),
    sessionId: null,
    parsed: parsedMessage(over),
    contentKey: null,
    partial: false,
  }).messageId;
}

const found = (search: string) => env.store.messages.list({ search }).map((m) => m.id);

describe('search in text written without spaces (Chinese, Japanese, Korean)', () => {
  it('finds a word from the middle of a real GB2312 Chinese message and not an absent one', async () => {
    // "本公司长期经销电脑配件、手机、笔记本意在贵地寻找合作销售伙伴" is one unicode61 token.
    const parsed = await parseMessage(readCorpus('spamassassin/nice/cjk/gb2312.1'));
    const id = env.store.commitMessage({
      accountId: env.accountId,
      uidl: 'gb2312',
      raw: readCorpus('spamassassin/nice/cjk/gb2312.1'),
      sessionId: null,
      parsed,
      contentKey: null,
      partial: false,
    }).messageId;
    expect(found('经销')).toEqual([id]);
    expect(found('电脑配件')).toEqual([id]);
    expect(found('上海')).toEqual([]);
  });

  it('finds a kanji and a kana+kanji word inside a Japanese sentence, in order only', () => {
    const id = commit('ja', { bodyText: '東京都の新しい図書館は来月開館する予定です。' });
    expect(found('図書館')).toEqual([id]);
    expect(found('開館する')).toEqual([id]);
    expect(found('新しい')).toEqual([id]);
    expect(found('大阪')).toEqual([]);
    // Both bigrams are there but not next to each other: not the word.
    expect(found('東京館')).toEqual([]);
  });

  it('finds a Korean word from the middle of a compound and not an absent one', () => {
    // 국립중앙박물관에서: "National Central Museum" with its particle, one unicode61 token.
    const id = commit('ko', { subject: '어제 국립중앙박물관에서 친구를 만났습니다' });
    expect(found('박물관')).toEqual([id]);
    expect(found('중앙')).toEqual([id]);
    expect(found('부산')).toEqual([]);
  });

  it('finds a single character at the start, middle or end of a run, and CJK beside Latin', () => {
    const id = commit('one', { bodyText: 'Popline新版本发布 today' });
    expect(found('新')).toEqual([id]);
    expect(found('版')).toEqual([id]);
    expect(found('布')).toEqual([id]);
    expect(found('猫')).toEqual([]);
    expect(found('Popline新版')).toEqual([id]);
    expect(found('新版 today')).toEqual([id]);
    expect(found('subject:版本')).toEqual([]);
  });

  it('leaves text without CJK exactly as it was', () => {
    const latin = 'Émile’s re-sent "draft" – naïve café, 2026-03-01';
    expect(cjkIndexText(latin)).toBe(latin);
    expect(cjkQueryText('Émile’s')).toBe('Émile’s');
  });

  it('cuts a run into overlapping pairs by code point, astral characters included', () => {
    expect(cjkIndexText('東京都')).toBe(' 東京 京都 都 ');
    expect(cjkQueryText('東京都')).toBe('東京 京都');
    expect(cjkQueryText('𠮷野家')).toBe('𠮷野 野家');
  });
});
