import { describe, expect, it } from '@jest/globals';
import { escapePlainUserText, escapeUserText } from '../../src/cards/escape.js';

describe('escapeUserText', () => {
  it.each([
    ['[Fix billing](https://evil.example)', '\\[Fix billing\\](https://evil.example)'],
    ['![x](https://evil.example/pixel.png)', '!\\[x\\](https://evil.example/pixel.png)'],
    ['**bold** and _it_', '\\*\\*bold\\*\\* and \\_it\\_'],
    ['<img src=x>', '\\<img src=x\\>'],
    ['${secret}', '$\\{secret}'],
    ['Contoso Engineering (Pay-As-You-Go)', 'Contoso Engineering (Pay-As-You-Go)'],
    ['contoso-mobile', 'contoso-mobile'],
  ])('escapes %p', (text, escaped) => {
    expect(escapeUserText(text)).toBe(escaped);
  });
});

describe('escapePlainUserText', () => {
  it.each([
    ['ann_contoso.com#EXT#@fabrikam.onmicrosoft.com', 'ann_contoso.com#EXT#@fabrikam.onmicrosoft.com'],
    ['Ann [Contoso] *lead*', 'Ann [Contoso] *lead*'],
    ['${secret}', '$\\{secret}'],
  ])('leaves markdown alone in %p', (text, escaped) => {
    expect(escapePlainUserText(text)).toBe(escaped);
  });
});
