import { describe, expect, it } from '@jest/globals';
import { deviceSummary } from './device-summary.js';

describe('deviceSummary', () => {
  it.each([
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox 133 on macOS',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Microsoft Edge 131 on Windows 10',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari 17 on iPhone',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome 131 on Android',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/140.0.0.0 Safari/537.36',
      'Chrome 140 on Linux',
    ],
  ])('names the browser and system of %s', (userAgent, expected) => {
    expect(deviceSummary(userAgent)).toBe(expected);
  });

  it('names a client that is not a browser by its product token', () => {
    expect(deviceSummary('curl/8.5.0')).toBe('curl 8.5.0');
    expect(deviceSummary('node')).toBe('node');
    expect(deviceSummary('  curl/8.4.0')).toBe('curl 8.4.0');
  });

  it('names a browser that gives no version by its name alone', () => {
    expect(deviceSummary('Mozilla/5.0 (Windows NT 10.0) Firefox')).toBe('Firefox on Windows 10');
  });

  it('says "Unknown device" when there is nothing to read', () => {
    expect(deviceSummary(null)).toBe('Unknown device');
    expect(deviceSummary('   ')).toBe('Unknown device');
    expect(deviceSummary('(((')).toBe('Unknown device');
    // A product token is read only at the start, not found somewhere inside.
    expect(deviceSummary('!!! curl/8.4.0')).toBe('Unknown device');
  });
});
