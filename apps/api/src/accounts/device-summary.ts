import Bowser from 'bowser';

const UNKNOWN = 'Unknown device';

/**
 * A short readable name for the device behind a user agent ("Firefox 133 on macOS", "Safari 17
 * on iPhone"), for the account page's list of sessions. Parsing is bowser's; a client that is
 * not a browser (curl, an SDK) is named by its first product token.
 */
export function deviceSummary(userAgent: string | null): string {
  if (!userAgent?.trim()) return UNKNOWN;
  const { browser, os, platform } = Bowser.parse(userAgent);
  if (!browser.name) return productToken(userAgent) ?? UNKNOWN;
  const major = browser.version?.split('.')[0];
  const name = major ? `${browser.name} ${major}` : browser.name;
  // On phones and tablets the model says more than the OS ("iPhone" rather than "iOS").
  const where =
    platform.type !== 'desktop' && platform.model ? platform.model : operatingSystem(os);
  return where ? `${name} on ${where}` : name;
}

// Browsers freeze the macOS version in their user agent (always 10.15), so only Windows, whose
// marketing name bowser derives, gets a version.
function operatingSystem(os: { name?: string; versionName?: string }): string | undefined {
  return os.name === 'Windows' && os.versionName ? `Windows ${os.versionName}` : os.name;
}

function productToken(userAgent: string): string | null {
  const match = /^([A-Za-z][\w.-]{0,39})(?:\/(\d[\w.]{0,19}))?/.exec(userAgent.trim());
  if (!match) return null;
  return match[2] ? `${match[1]} ${match[2]}` : match[1]!;
}
