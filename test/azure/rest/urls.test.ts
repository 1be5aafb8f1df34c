import { describe, expect, it } from '@jest/globals';
import { AzureError } from '../../../src/azure/ports.js';
import { endpoint, odataString, path } from '../../../src/azure/rest/urls.js';

describe('path: each interpolated value is exactly one segment', () => {
  const cases: [string, string][] = [
    ['fabrikam', '/orgs/fabrikam/users'],
    ['a/b', '/orgs/a%2Fb/users'],
    ['a?b=c', '/orgs/a%3Fb%3Dc/users'],
    ['a#b', '/orgs/a%23b/users'],
    ['100%', '/orgs/100%25/users'],
    ['%2e%2e', '/orgs/%252e%252e/users'],
    ['a\\..', '/orgs/a%5C../users'],
    ["o'brien", "/orgs/o'brien/users"],
    ['...', '/orgs/.../users'],
  ];

  it.each(cases)('%j stays inside its segment', (value, expected) => {
    const built = path`/orgs/${value}/users`;

    expect(built).toBe(expected);
    expect(new URL(endpoint('https://example.test', built)).pathname).toBe(expected);
  });

  it.each(['', '.', '..'])('refuses %j, which URL parsing would resolve away', (value) => {
    expect(() => path`/orgs/${value}/users`).toThrow(AzureError);
  });

  it('refuses a value that cannot be encoded (a lone surrogate)', () => {
    expect(() => path`/orgs/${'\uD800'}/users`).toThrow(AzureError);
  });
});

describe('odataString: a value spliced into $filter', () => {
  it.each([
    ['ada-oid', "'ada-oid'"],
    ["o'brien@contoso.com", "'o''brien@contoso.com'"],
    ["x') or true or ('", "'x'') or true or ('''"],
  ])('quotes %j as one literal', (value, literal) => {
    expect(odataString(value)).toBe(literal);
  });

  it('is URL-encoded as a query value, quotes and all', () => {
    const url = endpoint('https://example.test', '/roleAssignments', { $filter: `assignedTo(${odataString("o'brien & co#1")})` });

    expect(url).toBe('https://example.test/roleAssignments?%24filter=assignedTo%28%27o%27%27brien+%26+co%231%27%29');
    expect(new URL(url).searchParams.get('$filter')).toBe("assignedTo('o''brien & co#1')");
  });
});
