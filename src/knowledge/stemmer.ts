/**
 * Martin Porter's 1980 English stemmer, so "subscriptions", "subscription" and "subscribed" index alike without a
 * stemming dependency. Deterministic and allocation-light: it runs on every indexed and every query term.
 */
const consonant = '[^aeiou]';
const vowel = '[aeiouy]';
const consonants = `${consonant}[^aeiouy]*`;
const vowels = `${vowel}[aeiou]*`;

const measureAtLeast1 = new RegExp(`^(${consonants})?${vowels}${consonants}`);
const measureExactly1 = new RegExp(`^(${consonants})?${vowels}${consonants}(${vowels})?$`);
const measureAtLeast2 = new RegExp(`^(${consonants})?${vowels}${consonants}${vowels}${consonants}`);
const hasVowel = new RegExp(`^(${consonants})?${vowel}`);
const endsCvc = new RegExp(`^${consonants}${vowel}[^aeiouwxy]$`);
const doubleConsonant = /([^aeiouylsz])\1$/;

const step2Suffixes: Record<string, string> = {
  ational: 'ate', tional: 'tion', enci: 'ence', anci: 'ance', izer: 'ize', bli: 'ble', alli: 'al', entli: 'ent',
  eli: 'e', ousli: 'ous', ization: 'ize', ation: 'ate', ator: 'ate', alism: 'al', iveness: 'ive', fulness: 'ful',
  ousness: 'ous', aliti: 'al', iviti: 'ive', biliti: 'ble', logi: 'log',
};
const step3Suffixes: Record<string, string> = { icate: 'ic', ative: '', alize: 'al', iciti: 'ic', ical: 'ic', ful: '', ness: '' };

const step2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;
const step3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;
const step4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
const step4Ion = /^(.+?)(s|t)(ion)$/;

export function stem(word: string): string {
  if (word.length < 3) return word;
  const startsWithY = word.startsWith('y');
  let w = startsWithY ? `Y${word.slice(1)}` : word;

  // Step 1a: plurals.
  if (/^(.+?)(ss|i)es$/.test(w)) w = w.replace(/^(.+?)(ss|i)es$/, '$1$2');
  else if (/^(.+?)([^s])s$/.test(w)) w = w.replace(/^(.+?)([^s])s$/, '$1$2');

  // Step 1b: -eed, -ed, -ing.
  let match = /^(.+?)eed$/.exec(w);
  if (match) {
    if (measureAtLeast1.test(match[1] ?? '')) w = w.slice(0, -1);
  } else if ((match = /^(.+?)(ed|ing)$/.exec(w)) && hasVowel.test(match[1] ?? '')) {
    w = match[1] ?? w;
    if (/(at|bl|iz)$/.test(w)) w += 'e';
    else if (doubleConsonant.test(w)) w = w.slice(0, -1);
    else if (endsCvc.test(w)) w += 'e';
  }

  // Step 1c: y after a vowel-containing stem becomes i.
  match = /^(.+?)y$/.exec(w);
  if (match && hasVowel.test(match[1] ?? '')) w = `${match[1]}i`;

  match = step2.exec(w);
  if (match && measureAtLeast1.test(match[1] ?? '')) w = (match[1] ?? '') + step2Suffixes[match[2] ?? ''];

  match = step3.exec(w);
  if (match && measureAtLeast1.test(match[1] ?? '')) w = (match[1] ?? '') + step3Suffixes[match[2] ?? ''];

  match = step4.exec(w);
  if (match) {
    if (measureAtLeast2.test(match[1] ?? '')) w = match[1] ?? w;
  } else if ((match = step4Ion.exec(w))) {
    const stemmed = (match[1] ?? '') + (match[2] ?? '');
    if (measureAtLeast2.test(stemmed)) w = stemmed;
  }

  // Step 5: final -e and -ll.
  match = /^(.+?)e$/.exec(w);
  if (match) {
    const base = match[1] ?? '';
    if (measureAtLeast2.test(base) || (measureExactly1.test(base) && !endsCvc.test(base))) w = base;
  }
  if (/ll$/.test(w) && measureAtLeast2.test(w)) w = w.slice(0, -1);

  return startsWithY ? `y${w.slice(1)}` : w;
}
