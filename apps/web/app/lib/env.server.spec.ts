import { describe, expect, it } from '@jest/globals';
import { parseEnv } from './env.server';

describe('parseEnv', () => {
  it('defaults to the local API and port 3000', () => {
    expect(parseEnv({})).toEqual({
      NODE_ENV: 'development',
      API_URL: 'http://127.0.0.1:4000',
      PORT: 3000,
    });
  });

  it('accepts explicit values', () => {
    expect(
      parseEnv({
        API_URL: 'https://api.internal:8443',
        PORT: '8080',
        NODE_ENV: 'production',
        PUBLIC_API_URL: 'https://api.clearframe.dev',
      }),
    ).toEqual({
      NODE_ENV: 'production',
      API_URL: 'https://api.internal:8443',
      PUBLIC_API_URL: 'https://api.clearframe.dev',
      PORT: 8080,
    });
  });

  it('names every invalid variable in one message', () => {
    expect(() => parseEnv({ API_URL: 'localhost:4000', PORT: 'eighty' })).toThrow(
      /API_URL: must be an http\(s\) URL.*; PORT: must be a port number/,
    );
  });
});
