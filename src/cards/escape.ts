/**
 * Text that someone other than the bot wrote (what a user typed, a subscription name any Owner can change) is
 * rendered as markdown by Teams, so `[Fix billing](https://…)` would become a live link in the bot's card; and
 * `${...}` would be read as template syntax if it ever reached a template. Escape both before display.
 */
// Brackets, emphasis, code, headings, quotes, tables and HTML; parentheses are harmless once brackets are escaped.
const markdownSpecials = /[\\`*_[\]#|>~<]/g;

export function escapeUserText(text: string): string {
  return text.replace(markdownSpecials, (ch) => `\\${ch}`).replace(/\$\{/g, '$\\{');
}

/**
 * The same text for a field Teams shows as plain text (an Input.Toggle title): markdown escapes would show as
 * backslashes there (`ann\_contoso.com\#EXT\#@…` for a guest account), so only the template syntax is escaped.
 */
export function escapePlainUserText(text: string): string {
  return text.replace(/\$\{/g, '$\\{');
}
