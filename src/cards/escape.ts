/**
 * Text typed by a user and shown back (in a card or a plain message) is rendered as markdown by Teams, and
 * `${...}` would be read as template syntax if it ever reached a template. Escape both before display.
 */
const markdownSpecials = /[\\`*_{}[\]()#|>~<]/g;

export function escapeUserText(text: string): string {
  return text.replace(markdownSpecials, (ch) => `\\${ch}`).replace(/\$\{/g, '$\\{');
}
