import type { Readable, Writable } from 'node:stream';

/**
 * Reads a secret: on a terminal it asks with `question` and reads one line without echoing it
 * (like `gh auth login`); from a pipe (`… | clearframe login`) it reads all of stdin. Trimmed.
 */
export async function readSecret(
  stdin: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown },
  stderr: Writable,
  question: string,
  signal?: AbortSignal,
): Promise<string> {
  if (!stdin.isTTY || !stdin.setRawMode) {
    let text = '';
    stdin.setEncoding('utf8');
    for await (const chunk of stdin) text += chunk as string;
    return text.trim();
  }
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const finish = (error?: Error) => {
        stdin.off('data', onData);
        signal?.removeEventListener('abort', onAbort);
        stderr.write('\n');
        if (error) reject(error);
        else resolve(typed.trim());
      };
      const onAbort = () => finish(signal!.reason as Error);
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n' || char === '\u0004') return finish();
          if (char === '\u0003') return finish(new Error('Cancelled.'));
          if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
          else if (char >= ' ') typed += char;
        }
      };
      stdin.on('data', onData);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}
