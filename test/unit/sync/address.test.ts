/** The server address the reader types (lib/sync/address.ts). */
import { describe, expect, it } from 'vitest';
import { checkAddress } from '@/lib/sync/address';

describe('database address', () => {
  it('takes https anywhere and plain http only on this computer', () => {
    expect(checkAddress(' https://couch.example.kr:6984/scrapnote/ ')).toEqual({
      ok: true,
      value: 'https://couch.example.kr:6984/scrapnote',
    });
    expect(checkAddress('http://127.0.0.1:5984/lib').ok).toBe(true);
    expect(checkAddress('http://localhost:5984/userdb-726561646572').ok).toBe(true);
    expect(checkAddress('http://[::1]:5984/lib').ok).toBe(true);
    const plain = checkAddress('http://couch.example.kr:5984/lib');
    expect(plain.ok).toBe(false);
    expect(!plain.ok && plain.error).toMatch(/https/);
  });

  it('refuses credentials in the address, a missing or bad database name, queries and other schemes', () => {
    expect(checkAddress('https://reader:secret@couch.example.kr/lib')).toEqual({
      ok: false,
      error: 'Put the user name and password in their own fields, not in the address.',
    });
    for (const bad of [
      'https://couch.example.kr/',
      'https://couch.example.kr/Lib',
      'https://h/lib?x=1',
      'ftp://h/lib',
      'lib',
    ]) {
      expect(checkAddress(bad).ok, bad).toBe(false);
    }
  });
});
