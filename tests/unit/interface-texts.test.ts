import { describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/locales/en/index.ts';
import { zhCN } from '../../src/i18n/locales/zh-CN/index.ts';
import { i18n, supportedLanguage } from '../../src/i18n/i18n.ts';
import { failureText, problemText } from '../../src/i18n/messages.ts';

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') found.set(path, value);
    else for (const [inner, text] of leaves(value, path)) found.set(inner, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
/** Names that stay in Latin script in the Chinese texts. */
const KEPT =
  /Shelfwise|TensorFlow\.js|Web Worker|Service Worker|IndexedDB|JavaScript|WebGPU|WebGL|wasm|CPU|CSV|TSV|UTF-8|Windows-1252|BOM|model\.json|\.bin|\.zip|MobileNet( v[12])?|Keras|softmax|focal|SVM|F1|L2|Shopify|Google|Best Buy|Myntra|MIT|Nike|Chrome|Edge|Firefox|TF\.js|float32|float16|uint8|\{\{\w+\}\}/g;

describe('the interface texts', () => {
  const english = leaves(en as unknown as Tree);
  const chinese = leaves(zhCN as unknown as Tree);

  it('exist in Chinese for every English key, and only those', () => {
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it('fill the same placeholders in both languages', () => {
    for (const [key, text] of english)
      expect(placeholders(chinese.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('are written in Chinese, with no English left in', () => {
    for (const [key, text] of chinese) {
      const rest = text.replace(KEPT, ' ');
      expect(rest.match(/[A-Za-z]{2,}/g) ?? [], `${key}: ${text}`).toEqual([]);
      if (english.get(key)) expect(text, key).not.toBe('');
    }
  });
});

describe('the interface language', () => {
  it('is Simplified Chinese for any Chinese the browser asks for, else English', () => {
    expect(supportedLanguage('zh-CN')).toBe('zh-CN');
    expect(supportedLanguage('zh-TW')).toBe('zh-CN');
    expect(supportedLanguage('zh')).toBe('zh-CN');
    expect(supportedLanguage('en-GB')).toBe('en');
    expect(supportedLanguage('de')).toBe('en');
    expect(supportedLanguage(undefined)).toBe('en');
  });

  it('says worker errors and import problems in Chinese from their codes', async () => {
    await i18n.changeLanguage('zh-CN');
    const failure = failureText(
      { code: 'InvalidInput', message: 'Training needs at least two categories' },
      i18n.t,
    );
    expect(failure.title).toBe('文件或设置中有内容无法使用。');
    expect(failure.detail).toBe('Training needs at least two categories');
    expect(
      problemText(
        { line: 6, field: 'category', code: 'MissingCategory', message: 'x', skipped: true },
        i18n.t,
      ),
    ).toBe('第 6 行：类别为空，已跳过该行');
    expect(
      problemText(
        {
          line: 0,
          field: 'file',
          code: 'EmptyTitle',
          message: 'x',
          skipped: true,
          params: { more: 12 },
        },
        i18n.t,
      ),
    ).toBe('另有 12 个问题');
    await i18n.changeLanguage('en');
    expect(
      failureText({ code: 'NotFound', message: 'Dataset d no longer exists' }, i18n.t).title,
    ).toBe('Dataset d no longer exists');
  });
});
