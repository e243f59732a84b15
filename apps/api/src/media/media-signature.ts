import fs from 'node:fs/promises';

/** Bytes enough to recognise every signature below (two MPEG-TS packets of 192 bytes). */
export const SIGNATURE_BYTES = 512;

const ISO_BMFF_BOXES = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

/**
 * The container a file's first bytes announce, named as ffprobe names the demuxer
 * (`mov,mp4,m4a,3gp,3g2,mj2`, `matroska,webm`, `avi`, `mxf`, `mpegts`), or null. It tells a file
 * that starts as a video but cannot be read to its end (truncated) from one that never was a
 * video (a renamed document), and names a container even when the probe could not read it.
 */
export function sniffContainer(head: Uint8Array): string | null {
  const ascii = (from: number, to: number) =>
    Buffer.from(head.subarray(from, to)).toString('latin1');
  // ISO base media (MP4, MOV, M4V, 3GP): a box size, then a known box type.
  if (head.length >= 8 && ISO_BMFF_BOXES.has(ascii(4, 8))) return 'mov,mp4,m4a,3gp,3g2,mj2';
  // EBML header: Matroska and WebM.
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'matroska,webm';
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'AVI ') return 'avi';
  // SMPTE universal label of an MXF partition pack.
  if (startsWith(head, [0x06, 0x0e, 0x2b, 0x34, 0x02, 0x05, 0x01, 0x01])) return 'mxf';
  // Transport stream: a sync byte every 188 bytes (or 192, with the M2TS time code first).
  if (head[0] === 0x47 && head[188] === 0x47) return 'mpegts';
  if (head[4] === 0x47 && head[196] === 0x47) return 'mpegts';
  return null;
}

/** The first bytes of a local file. */
export async function readHead(file: string): Promise<Uint8Array> {
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(SIGNATURE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SIGNATURE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}
